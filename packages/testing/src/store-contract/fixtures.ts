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
    credentialVersion: 0,
    keptSession: null,
    secondFactors: { totp: false, passkeys: 0 },
    ...overrides,
  };
}

const random22 = () => randomUUID().replaceAll("-", "").slice(0, 22);
/** A session id of the shape the domain mints: `~`, start time in base 36, 22 random characters. */
export const newSessionId = (createdAt = T0) =>
  `~${createdAt.toString(36).padStart(9, "0")}${random22()}` as SessionId;
/** A session id of the older, random-only shape, as stored by earlier versions. */
export const legacySessionId = () => random22() as SessionId;
export const newJti = () => random22() as Jti;
export const newHash = () => Buffer.from(randomUUID()).toString("base64url");

/** A live session of `userId`, with `overrides`. */
export function newSession(userId: UserId, overrides: Partial<SessionRecord> = {}): SessionRecord {
  const createdAt = overrides.createdAt ?? T0;
  return {
    userId,
    id: newSessionId(createdAt),
    createdAt,
    lastUsedAt: createdAt,
    expiresAt: createdAt + HOUR,
    refreshTokenHash: newHash(),
    revokedAt: null,
    credentialVersion: 0,
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
