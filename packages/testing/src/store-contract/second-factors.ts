import { describe, expect, it } from "vitest";
import { MINUTE, newUser, pick, type StoresOf, T0 } from "./fixtures.js";

const hashes = (prefix: string, count = 10) =>
  Array.from({ length: count }, (_, i) => `${prefix}-${i}`);

/** The SecondFactorStore part of the store contract, and second factors on the profile. */
export function describeSecondFactorContract(stores: StoresOf): void {
  describe("second factors", () => {
    async function user() {
      const created = newUser();
      await stores().users.create(created);
      return created.id;
    }

    it("keeps a pending enrolment until it expires, the latest replacing the earlier", async () => {
      const id = await user();
      const { factors } = stores();
      await factors.putPendingTotp(id, { sealedSecret: "first", expiresAt: T0 + 10 * MINUTE });
      await factors.putPendingTotp(id, { sealedSecret: "second", expiresAt: T0 + 10 * MINUTE });

      expect(await factors.getPendingTotp(id, T0)).toEqual({
        sealedSecret: "second",
        expiresAt: T0 + 10 * MINUTE,
      });
      expect(await factors.getPendingTotp(id, T0 + 10 * MINUTE)).toBeNull();
      await factors.removePendingTotp(id);
      expect(await factors.getPendingTotp(id, T0)).toBeNull();
    });

    it("accepts only later steps for the stored secret, one of concurrent equal steps", async () => {
      const id = await user();
      const { factors } = stores();
      const totp = { sealedSecret: "sealed", lastStep: 100, enabledAt: T0 };
      expect(await factors.activateTotp(id, totp)).toBe(true);

      const racing = await Promise.all(
        Array.from({ length: 4 }, () =>
          factors.acceptTotpStep(id, { sealedSecret: "sealed", step: 101 }),
        ),
      );

      expect(racing.filter(Boolean)).toHaveLength(1);
      expect(await factors.acceptTotpStep(id, { sealedSecret: "sealed", step: 101 })).toBe(false);
      expect(await factors.acceptTotpStep(id, { sealedSecret: "sealed", step: 100 })).toBe(false);
      expect(await factors.acceptTotpStep(id, { sealedSecret: "other", step: 102 })).toBe(false);
      expect(await factors.getTotp(id)).toEqual({ ...totp, lastStep: 101 });
    });

    it("replaces a stored TOTP only with a later step, and forgets a removed one", async () => {
      const id = await user();
      const { factors } = stores();
      await factors.activateTotp(id, { sealedSecret: "old", lastStep: 100, enabledAt: T0 });

      expect(
        await factors.activateTotp(id, { sealedSecret: "new", lastStep: 100, enabledAt: T0 }),
      ).toBe(false);
      expect(
        await factors.activateTotp(id, { sealedSecret: "new", lastStep: 101, enabledAt: T0 }),
      ).toBe(true);
      expect((await factors.getTotp(id))?.sealedSecret).toBe("new");
      await factors.removeTotp(id);
      expect(await factors.getTotp(id)).toBeNull();
      expect(await factors.acceptTotpStep(id, { sealedSecret: "new", step: 200 })).toBe(false);
    });

    it("uses each recovery code hash once, one of concurrent uses winning", async () => {
      const id = await user();
      const { factors } = stores();
      await factors.replaceRecoveryCodes(id, hashes("a"));

      const racing = await Promise.all(
        Array.from({ length: 4 }, () => factors.useRecoveryCode(id, "a-3")),
      );

      expect(racing.filter(Boolean)).toHaveLength(1);
      expect(await factors.useRecoveryCode(id, "a-3")).toBe(false);
      expect(await factors.useRecoveryCode(id, "unknown")).toBe(false);
      expect(await factors.recoveryCodesLeft(id)).toBe(9);
    });

    it("replaces the whole recovery set: the old hashes stop working", async () => {
      const id = await user();
      const { factors } = stores();
      await factors.replaceRecoveryCodes(id, hashes("a"));
      await factors.useRecoveryCode(id, "a-0");

      await factors.replaceRecoveryCodes(id, hashes("b"));

      expect(await factors.useRecoveryCode(id, "a-1")).toBe(false);
      expect(await factors.recoveryCodesLeft(id)).toBe(10);
      expect(await factors.useRecoveryCode(id, "b-1")).toBe(true);
      await factors.removeRecoveryCodes(id);
      expect(await factors.recoveryCodesLeft(id)).toBe(0);
      expect(await factors.useRecoveryCode(id, "b-2")).toBe(false);
    });

    it("counts no codes and uses none for a user without a set, down to zero for one used up", async () => {
      const id = await user();
      const { factors } = stores();
      expect(await factors.recoveryCodesLeft(id)).toBe(0);
      expect(await factors.useRecoveryCode(id, "a-0")).toBe(false);

      await factors.replaceRecoveryCodes(id, hashes("a", 2));
      await factors.useRecoveryCode(id, "a-0");
      await factors.useRecoveryCode(id, "a-1");

      expect(await factors.recoveryCodesLeft(id)).toBe(0);
      expect(await factors.useRecoveryCode(id, "a-1")).toBe(false);
    });

    it("reads a profile without second factors as none, and commits them with a credential change", async () => {
      const created = newUser();
      await stores().users.create(created);
      const fields = ["secondFactors", "credentialVersion"] as const;
      expect(pick(await stores().users.get(created.id), fields)).toEqual({
        secondFactors: { totp: false, passkeys: 0 },
        credentialVersion: 0,
      });

      const committed = await stores().users.commitCredentialChange(created.id, {
        from: 0,
        keepSession: null,
        now: T0,
        secondFactors: { totp: true, passkeys: 2 },
      });
      const stale = await stores().users.commitCredentialChange(created.id, {
        from: 0,
        keepSession: null,
        now: T0,
        secondFactors: { totp: false, passkeys: 0 },
      });

      expect([committed, stale]).toEqual([true, false]);
      const read = await stores().revocations.read({
        userId: created.id,
        sessionId: "AAAAAAAAAAAAAAAAAAAAAA" as never,
        jti: "BBBBBBBBBBBBBBBBBBBBBB" as never,
        now: T0,
      });
      expect(pick(read.user, fields)).toEqual({
        secondFactors: { totp: true, passkeys: 2 },
        credentialVersion: 1,
      });
    });
  });
}
