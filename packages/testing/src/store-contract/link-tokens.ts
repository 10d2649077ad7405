import { randomUUID } from "node:crypto";
import type { LinkTokenRecord, SessionId, UserId } from "@gatehouse/core";
import { describe, expect, it } from "vitest";
import { HOUR, newHash, newUser, type StoresOf, T0 } from "./fixtures.js";

/** The LinkTokenStore part of the store contract. */
export function describeLinkTokenContract(stores: StoresOf): void {
  describe("link tokens", () => {
    const record = (overrides: Partial<LinkTokenRecord> = {}): LinkTokenRecord => {
      const user = newUser();
      return {
        hash: newHash(),
        purpose: "reset-password",
        userId: randomUUID() as UserId,
        email: user.email,
        credentialVersion: 3,
        expiresAt: T0 + HOUR,
        ...overrides,
      };
    };

    it("returns the record stored under a hash when it is taken", async () => {
      const link = record();
      await stores().linkTokens.put(link);

      expect(await stores().linkTokens.take(link.hash, link.purpose, T0)).toEqual(link);
    });

    it("hands a token out once: a second take gets null", async () => {
      const link = record();
      await stores().linkTokens.put(link);
      await stores().linkTokens.take(link.hash, link.purpose, T0);

      expect(await stores().linkTokens.take(link.hash, link.purpose, T0)).toBeNull();
    });

    it("gives one of many concurrent takes of one token the record, the rest null", async () => {
      const link = record();
      await stores().linkTokens.put(link);

      const taken = await Promise.all(
        Array.from({ length: 8 }, () => stores().linkTokens.take(link.hash, link.purpose, T0)),
      );

      expect(taken.filter((found) => found !== null)).toEqual([link]);
    });

    it("answers null for an unknown hash", async () => {
      expect(await stores().linkTokens.take(newHash(), "verify-email", T0)).toBeNull();
    });

    it("refuses a token of another purpose without spending it", async () => {
      const link = record({ purpose: "verify-email" });
      await stores().linkTokens.put(link);

      expect(await stores().linkTokens.take(link.hash, "reset-password", T0)).toBeNull();
      expect(await stores().linkTokens.take(link.hash, "verify-email", T0)).toEqual(link);
    });

    it("refuses a token from its expiry on, whatever the table's TTL", async () => {
      const link = record();
      await stores().linkTokens.put(link);

      expect(await stores().linkTokens.take(link.hash, link.purpose, link.expiresAt)).toBeNull();
      expect(await stores().linkTokens.take(link.hash, link.purpose, link.expiresAt - 1)).toEqual(
        link,
      );
    });

    it("keeps the new address of a confirm-email token", async () => {
      const link = record({ purpose: "confirm-email" });
      await stores().linkTokens.put(link);

      expect((await stores().linkTokens.take(link.hash, "confirm-email", T0))?.email).toBe(
        link.email,
      );
    });

    it("keeps the session a confirm-email token was asked from", async () => {
      const link = record({ purpose: "confirm-email", sessionId: randomUUID() as SessionId });
      await stores().linkTokens.put(link);

      expect(await stores().linkTokens.take(link.hash, "confirm-email", T0)).toEqual(link);
    });
  });

  describe("email verification", () => {
    it("marks the email verified while the address is the user's", async () => {
      const user = newUser();
      await stores().users.create(user);

      expect(await stores().users.markEmailVerified(user.id, user.email)).toBe(true);
      expect((await stores().users.get(user.id))?.emailVerified).toBe(true);
    });

    it("changes nothing for an address that is not the user's, or an unknown user", async () => {
      const user = newUser();
      const other = newUser();
      await stores().users.create(user);

      expect(await stores().users.markEmailVerified(user.id, other.email)).toBe(false);
      expect(await stores().users.markEmailVerified(other.id, other.email)).toBe(false);
      expect((await stores().users.get(user.id))?.emailVerified).toBe(false);
      expect(await stores().users.get(other.id)).toBeNull();
    });
  });
}
