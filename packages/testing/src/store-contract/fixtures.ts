// Shared by every part of the store contract: fixed times and fresh records.
import { randomUUID } from "node:crypto";
import {
  type Email,
  GatehouseError,
  type Jti,
  type SessionId,
  type SessionRecord,
  type Stores,
  type UserId,
  type UserRecord,
} from "@gatehouse/core";
import { expect } from "vitest";

/** The contract's fixed "now", and units of time in ms. */
export const T0 = Date.UTC(2026, 0, 1);
export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

let sequence = 0;

/** A user no other test has, with `overrides`. */
export function newUser(overrides: Partial<UserRecord> = {}): UserRecord {
  sequence++;
  return {
    id: randomUUID() as UserId,
    email: `user-${sequence}-${randomUUID().slice(0, 8)}@example.com` as Email,
    passwordHash: `$argon2id$v=19$m=1024,t=1,p=1$c2FsdA$hash${sequence}`,
    roles: ["USER"],
    createdAt: T0,
    accessNotBefore: 0,
    sessionsNotBefore: 0,
    ...overrides,
  };
}

// 22 base64url characters, the shape of the ids the domain mints.
export const newSessionId = () => randomUUID().replaceAll("-", "").slice(0, 22) as SessionId;
export const newJti = () => randomUUID().replaceAll("-", "").slice(0, 22) as Jti;
export const newHash = () => Buffer.from(randomUUID()).toString("base64url");

/** A live session of `userId`, with `overrides`. */
export function newSession(userId: UserId, overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    userId,
    id: newSessionId(),
    createdAt: T0,
    lastUsedAt: T0,
    expiresAt: T0 + HOUR,
    refreshTokenHash: newHash(),
    revokedAt: null,
    ...overrides,
  };
}

/** The `GatehouseError` that `promise` fails with. */
export async function rejection(promise: Promise<unknown>): Promise<GatehouseError> {
  const error = await promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(GatehouseError);
  return error as GatehouseError;
}

/** The named fields of `value`, or null. */
export function pick<T extends object, K extends keyof T>(value: T | null, keys: readonly K[]) {
  if (value === null) return null;
  return Object.fromEntries(keys.map((key) => [key, value[key]])) as Pick<T, K>;
}

/** Gets the stores of the test that is running (fresh for each test). */
export type StoresOf = () => Stores;
