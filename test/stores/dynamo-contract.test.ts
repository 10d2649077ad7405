import { randomUUID } from "node:crypto";
import {
  type Email,
  ERROR_CODES,
  GatehouseError,
  type Jti,
  type SessionId,
  type UserId,
} from "@gatehouse/core";
import { dynamoStores } from "@gatehouse/core/dynamo";
import { describeStoreContract } from "@gatehouse/testing";
import { describe, expect, it } from "vitest";
import { embeddedDynamo } from "../support/dynamo.js";

// The DynamoDB adapter against the store contract the memory stores also pass, and its
// failures translated into the one generic STORE_UNAVAILABLE.

const { db, newClient, freshTable } = embeddedDynamo();

describeStoreContract("DynamoDB", async () => dynamoStores(db, await freshTable()));

const GENERIC_MESSAGE = "The service is temporarily unavailable. Try again shortly.";

describe("DynamoDB adapter failures", () => {
  it("fails every kind of call with a generic STORE_UNAVAILABLE when the table cannot be reached", async () => {
    const tableName = "gatehouse-prod-users-table";
    const unreachable = newClient("http://127.0.0.1:9");
    const stores = dynamoStores(unreachable, tableName);
    const userId = randomUUID() as UserId;
    const sessionId = "AAAAAAAAAAAAAAAAAAAAAA" as SessionId;
    const jti = "BBBBBBBBBBBBBBBBBBBBBB" as Jti;

    const calls: Record<string, Promise<unknown>> = {
      "users.get": stores.users.get(userId),
      "users.getByEmail": stores.users.getByEmail("a@example.com" as Email),
      "users.create": stores.users.create({
        id: userId,
        email: "a@example.com" as Email,
        passwordHash: "hash",
        roles: ["USER"],
        createdAt: 0,
        accessNotBefore: 0,
        sessionsNotBefore: 0,
        credentialVersion: 0,
        keptSession: null,
        emailVerified: false,
        disabled: false,
        secondFactors: { totp: false, passkeys: 0 },
      }),
      "users.list": stores.users.list({ first: 5, after: null }),
      "sessions.rotate": stores.sessions.rotate(userId, sessionId, { from: "a", to: "b", now: 0 }),
      "sessions.revoke": stores.sessions.revoke(userId, sessionId, { now: 0, tokensFor: 1 }),
      "denylist.add": stores.denylist.add(userId, { jti, issuedAt: 0, until: 1 }, 0),
      "revocations.read": stores.revocations.read({ userId, sessionId, jti, now: 0 }),
      "loginAttempts.reserve": stores.loginAttempts.reserve("key", {
        now: 0,
        max: 5,
        windowMs: 1000,
      }),
      "factors.getTotp": stores.factors.getTotp(userId),
      "factors.acceptTotpStep": stores.factors.acceptTotpStep(userId, {
        sealedSecret: "s",
        step: 1,
      }),
      "factors.useRecoveryCode": stores.factors.useRecoveryCode(userId, "hash"),
      "passkeys.ownerOf": stores.passkeys.ownerOf("Y3JlZGVudGlhbA"),
      "passkeys.recordUse": stores.passkeys.recordUse(userId, "Y3JlZGVudGlhbA", {
        from: 0,
        to: 1,
        now: 0,
      }),
      "passkeyChallenges.take": stores.passkeyChallenges.take("Y2hhbGxlbmdl", 0),
    };

    const settled = await Promise.allSettled(Object.values(calls));

    for (const [index, name] of Object.keys(calls).entries()) {
      const result = settled[index];
      const error = result?.status === "rejected" ? result.reason : new Error(`${name} succeeded`);
      expect(error, name).toBeInstanceOf(GatehouseError);
      const { code, message } = error as GatehouseError;
      expect(code, name).toBe(ERROR_CODES.STORE_UNAVAILABLE);
      expect(message, name).toBe(GENERIC_MESSAGE);
      for (const secret of [tableName, "USER#", "PROFILE", "127.0.0.1", "ECONNREFUSED", "AWS"]) {
        expect(message, name).not.toContain(secret);
      }
      expect(message.toLowerCase(), name).not.toContain("dynamo");
    }
  });
});
