import { randomUUID } from "node:crypto";
import type { PasskeyRecord, UserId } from "@gatehouse/core";
import { describe, expect, it } from "vitest";
import { MINUTE, newJti, newSessionId, newUser, type StoresOf, T0 } from "./fixtures.js";

const credentialId = () => Buffer.from(randomUUID()).toString("base64url");

function newPasskey(userId: UserId, overrides: Partial<PasskeyRecord> = {}): PasskeyRecord {
  return {
    userId,
    id: credentialId(),
    publicKey: Buffer.from("cose-key").toString("base64url"),
    counter: 0,
    transports: ["internal", "hybrid"],
    deviceType: "multiDevice",
    backedUp: true,
    name: "Laptop",
    createdAt: T0,
    lastUsedAt: null,
    ...overrides,
  };
}

/** The passkey and challenge parts of the store contract. */
export function describePasskeyContract(stores: StoresOf): void {
  describe("passkeys", () => {
    async function user() {
      const created = newUser();
      await stores().users.create(created);
      return created.id;
    }

    it("keeps a passkey as added and finds its user by credential id", async () => {
      const userId = await user();
      const passkey = newPasskey(userId);

      expect(await stores().passkeys.add(passkey)).toBe("added");

      expect(await stores().passkeys.get(userId, passkey.id)).toEqual(passkey);
      expect(await stores().passkeys.list(userId)).toEqual([passkey]);
      expect(await stores().passkeys.ownerOf(passkey.id)).toBe(userId);
    });

    it("lists a user's passkeys oldest first, and no one else's", async () => {
      const [alice, bob] = [await user(), await user()];
      const later = newPasskey(alice, { createdAt: T0 + MINUTE, name: "Phone" });
      const earlier = newPasskey(alice);
      for (const passkey of [later, earlier, newPasskey(bob)]) {
        await stores().passkeys.add(passkey);
      }

      expect(await stores().passkeys.list(alice)).toEqual([earlier, later]);
    });

    it("refuses a credential id that another user registered, and keeps its owner", async () => {
      const [alice, bob] = [await user(), await user()];
      const passkey = newPasskey(alice);
      await stores().passkeys.add(passkey);

      expect(await stores().passkeys.add({ ...passkey, userId: bob })).toBe("taken");

      expect(await stores().passkeys.ownerOf(passkey.id)).toBe(alice);
      expect(await stores().passkeys.list(bob)).toEqual([]);
    });

    it("gives a credential id to one of two users registering it at the same time", async () => {
      const [alice, bob] = [await user(), await user()];
      const passkey = newPasskey(alice);

      const results = await Promise.all([
        stores().passkeys.add(passkey),
        stores().passkeys.add({ ...passkey, userId: bob }),
      ]);

      expect(results.sort()).toEqual(["added", "taken"]);
    });

    it("records a use only over the counter it read", async () => {
      const userId = await user();
      const passkey = newPasskey(userId, { counter: 4 });
      await stores().passkeys.add(passkey);
      const use = { from: 4, to: 5, now: T0 + MINUTE };

      const results = await Promise.all([
        stores().passkeys.recordUse(userId, passkey.id, use),
        stores().passkeys.recordUse(userId, passkey.id, use),
      ]);

      expect(results.sort()).toEqual([false, true]);
      expect(await stores().passkeys.get(userId, passkey.id)).toEqual({
        ...passkey,
        counter: 5,
        lastUsedAt: T0 + MINUTE,
      });
    });

    it("records no use of a passkey that is gone", async () => {
      const userId = await user();

      expect(
        await stores().passkeys.recordUse(userId, credentialId(), { from: 0, to: 0, now: T0 }),
      ).toBe(false);
    });

    it("removes a passkey with its credential id, once", async () => {
      const userId = await user();
      const passkey = newPasskey(userId);
      await stores().passkeys.add(passkey);

      expect(await stores().passkeys.remove(userId, passkey.id)).toBe(true);
      expect(await stores().passkeys.remove(userId, passkey.id)).toBe(false);

      expect(await stores().passkeys.get(userId, passkey.id)).toBeNull();
      expect(await stores().passkeys.ownerOf(passkey.id)).toBeNull();
    });

    it("removes nothing of another user's passkey", async () => {
      const [alice, bob] = [await user(), await user()];
      const passkey = newPasskey(alice);
      await stores().passkeys.add(passkey);

      expect(await stores().passkeys.remove(bob, passkey.id)).toBe(false);

      expect(await stores().passkeys.ownerOf(passkey.id)).toBe(alice);
    });
  });

  describe("second factors on the profile", () => {
    it("has none for a new user", async () => {
      const created = newUser();
      await stores().users.create(created);

      expect((await stores().users.get(created.id))?.secondFactors).toEqual({
        totp: false,
        passkeys: 0,
      });
    });

    it("sets the second factors in the committing write, and the revocation read sees them", async () => {
      const created = newUser();
      await stores().users.create(created);
      const secondFactors = { totp: false, passkeys: 2 };

      expect(
        await stores().users.commitCredentialChange(created.id, {
          from: 0,
          keepSession: null,
          now: T0,
          secondFactors,
        }),
      ).toBe(true);

      expect((await stores().users.get(created.id))?.secondFactors).toEqual(secondFactors);
      const state = await stores().revocations.read({
        userId: created.id,
        sessionId: newSessionId(),
        jti: newJti(),
        now: T0,
      });
      expect(state.user?.secondFactors).toEqual(secondFactors);
    });

    it("keeps the second factors through a change that does not name them", async () => {
      const created = newUser();
      await stores().users.create(created);
      const secondFactors = { totp: true, passkeys: 1 };
      await stores().users.commitCredentialChange(created.id, {
        from: 0,
        keepSession: null,
        now: T0,
        secondFactors,
      });

      await stores().users.commitCredentialChange(created.id, {
        from: 1,
        passwordHash: "new-hash",
        keepSession: null,
        now: T0,
      });

      expect((await stores().users.get(created.id))?.secondFactors).toEqual(secondFactors);
    });

    it("sets no second factors when another change won the generation", async () => {
      const created = newUser();
      await stores().users.create(created);
      await stores().users.commitCredentialChange(created.id, {
        from: 0,
        keepSession: null,
        now: T0,
      });

      expect(
        await stores().users.commitCredentialChange(created.id, {
          from: 0,
          keepSession: null,
          now: T0,
          secondFactors: { totp: false, passkeys: 1 },
        }),
      ).toBe(false);

      expect((await stores().users.get(created.id))?.secondFactors.passkeys).toBe(0);
    });
  });

  describe("passkey challenges", () => {
    const challenge = () => Buffer.from(randomUUID()).toString("base64url");

    it("hands a bound challenge back once", async () => {
      const userId = await (async () => {
        const created = newUser();
        await stores().users.create(created);
        return created.id;
      })();
      const entry = {
        challenge: challenge(),
        ceremony: "registration" as const,
        userId,
        expiresAt: T0 + 5 * MINUTE,
      };
      await stores().passkeyChallenges.put(entry);

      expect(await stores().passkeyChallenges.take(entry.challenge, T0)).toEqual(entry);
      expect(await stores().passkeyChallenges.take(entry.challenge, T0)).toBeNull();
    });

    it("hands an unbound challenge back with no user", async () => {
      const entry = {
        challenge: challenge(),
        ceremony: "login" as const,
        userId: null,
        expiresAt: T0 + MINUTE,
      };
      await stores().passkeyChallenges.put(entry);

      expect(await stores().passkeyChallenges.take(entry.challenge, T0)).toEqual(entry);
    });

    it("gives a challenge to one of many takes at the same time", async () => {
      const entry = {
        challenge: challenge(),
        ceremony: "login" as const,
        userId: null,
        expiresAt: T0 + MINUTE,
      };
      await stores().passkeyChallenges.put(entry);

      const taken = await Promise.all(
        Array.from({ length: 5 }, () => stores().passkeyChallenges.take(entry.challenge, T0)),
      );

      expect(taken.filter((result) => result !== null)).toEqual([entry]);
    });

    it("refuses an expired challenge, and an unknown one", async () => {
      const entry = {
        challenge: challenge(),
        ceremony: "login" as const,
        userId: null,
        expiresAt: T0 + MINUTE,
      };
      await stores().passkeyChallenges.put(entry);

      expect(await stores().passkeyChallenges.take(entry.challenge, T0 + MINUTE)).toBeNull();
      expect(await stores().passkeyChallenges.take(challenge(), T0)).toBeNull();
    });
  });
}
