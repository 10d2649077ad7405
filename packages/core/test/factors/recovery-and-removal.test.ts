import { ERROR_CODES } from "@gatehouse/core";
import { describe, expect, it } from "vitest";
import { PASSWORD } from "../support/auth.js";
import { rejectionOf } from "../support/errors.js";
import { codeAt, NOTICE, secondFactorFixture } from "./second-factor-fixture.js";

describe("recovery codes", () => {
  it("accepts each code once, whatever its case and hyphens, and sends a notice", async () => {
    const { factors, profile, enrol, ada, notices } = await secondFactorFixture();
    const { codes } = await enrol();
    const [first = ""] = codes;

    expect(
      await factors.verifyCode(await profile(), first.toUpperCase().replaceAll("-", "")),
    ).toEqual({ kind: "recovery" });
    const again = await rejectionOf(factors.verifyCode(await profile(), first));

    expect([again.code, again.message]).toEqual([
      ERROR_CODES.INVALID_SECOND_FACTOR,
      "The code is not valid.",
    ]);
    expect(await factors.recoveryCodesLeft(ada.user.id)).toBe(9);
    expect(notices()).toEqual([NOTICE.added, NOTICE.recoveryCodeUsed]);
  });

  it("accepts exactly one of concurrent uses of one code", async () => {
    const { factors, profile, enrol, ada } = await secondFactorFixture();
    const { codes } = await enrol();
    const user = await profile();

    const results = await Promise.allSettled(
      Array.from({ length: 4 }, () => factors.verifyCode(user, codes[0] ?? "")),
    );

    expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
    expect(await factors.recoveryCodesLeft(ada.user.id)).toBe(9);
  });

  it("replaces the whole set on regeneration: the old codes stop working", async () => {
    const { factors, profile, enrol, ada } = await secondFactorFixture();
    const { codes: old } = await enrol();

    const fresh = await factors.regenerateRecoveryCodes(await profile(), old[0] ?? "");
    const stale = await rejectionOf(factors.verifyCode(await profile(), old[1] ?? ""));

    expect(stale.code).toBe(ERROR_CODES.INVALID_SECOND_FACTOR);
    expect(fresh).toHaveLength(10);
    expect(fresh.some((code) => old.includes(code))).toBe(false);
    expect(await factors.recoveryCodesLeft(ada.user.id)).toBe(10);
    expect(await factors.verifyCode(await profile(), fresh[0] ?? "")).toEqual({ kind: "recovery" });
  });

  it("refuses to regenerate with a wrong code, keeping the set", async () => {
    const { factors, profile, enrol, ada } = await secondFactorFixture();
    await enrol();

    const refused = await rejectionOf(factors.regenerateRecoveryCodes(await profile(), "000000"));

    expect(refused.code).toBe(ERROR_CODES.INVALID_SECOND_FACTOR);
    expect(await factors.recoveryCodesLeft(ada.user.id)).toBe(10);
  });

  it("accepts no recovery code from a user without a second factor", async () => {
    const { factors, profile, stores, ada } = await secondFactorFixture();
    const { newRecoveryCodes } = await import("../../src/factors/recovery-codes.js");
    const { systemRandom } = await import("@gatehouse/core");
    const { codes, hashes } = newRecoveryCodes(ada.user.id, systemRandom);
    await stores.factors.replaceRecoveryCodes(ada.user.id, hashes);

    const refused = await rejectionOf(factors.verifyCode(await profile(), codes[0] ?? ""));

    expect(refused.code).toBe(ERROR_CODES.INVALID_SECOND_FACTOR);
  });
});

describe("turning TOTP off", () => {
  it("takes a current code, ends every other session, and removes the secret and the codes", async () => {
    const { factors, profile, enrol, ada, clock, stores, services, notices } =
      await secondFactorFixture();
    const { secret } = await enrol();
    const other = await services.credentials.login("ada@example.com", PASSWORD);

    await factors.disableTotp(
      await profile(),
      await codeAt(secret, clock.now()),
      ada.principal.sessionId,
    );

    expect((await profile()).secondFactors).toEqual({ totp: false, passkeys: 0 });
    expect(await stores.factors.getTotp(ada.user.id)).toBeNull();
    expect(await factors.recoveryCodesLeft(ada.user.id)).toBe(0);
    const ended = await rejectionOf(
      services.authenticator.authenticate(`Bearer ${other.accessToken}`),
    );
    expect(ended.code).toBe(ERROR_CODES.TOKEN_REVOKED);
    expect(notices()).toEqual([NOTICE.added, NOTICE.removed]);
  });

  it("takes a recovery code instead, and refuses a wrong code", async () => {
    const { factors, profile, enrol, ada } = await secondFactorFixture();
    const { codes } = await enrol();

    const refused = await rejectionOf(
      factors.disableTotp(await profile(), "000000", ada.principal.sessionId),
    );
    expect(refused.code).toBe(ERROR_CODES.INVALID_SECOND_FACTOR);
    expect((await profile()).secondFactors.totp).toBe(true);

    await factors.disableTotp(await profile(), codes[0] ?? "", ada.principal.sessionId);
    expect((await profile()).secondFactors.totp).toBe(false);
  });
});

describe("an admin removing every second factor", () => {
  it("turns the factors off, deletes the secret and codes, and ends every session", async () => {
    const { factors, profile, enrol, ada, admin, stores, services, notices } =
      await secondFactorFixture();
    await enrol();
    const root = await admin();

    const updated = await factors.removeSecondFactors(root.principal, ada.user.id);

    expect(updated.secondFactors).toEqual({ totp: false, passkeys: 0 });
    expect((await profile()).secondFactors).toEqual({ totp: false, passkeys: 0 });
    expect(await stores.factors.getTotp(ada.user.id)).toBeNull();
    expect(await factors.recoveryCodesLeft(ada.user.id)).toBe(0);
    const ended = await rejectionOf(
      services.authenticator.authenticate(`Bearer ${ada.accessToken}`),
    );
    expect(ended.code).toBe(ERROR_CODES.TOKEN_REVOKED);
    expect(notices().at(-1)).toBe(NOTICE.removed);
    expect(JSON.stringify(updated)).not.toContain("argon2");
  });

  it("is refused to anyone but an admin, and for an unknown user", async () => {
    const { factors, ada, admin } = await secondFactorFixture();
    const root = await admin();

    const notAdmin = await rejectionOf(factors.removeSecondFactors(ada.principal, ada.user.id));
    const unknown = await rejectionOf(
      factors.removeSecondFactors(root.principal, "00000000-0000-4000-8000-000000000000"),
    );

    expect(notAdmin.code).toBe(ERROR_CODES.FORBIDDEN);
    expect([unknown.code, unknown.message]).toEqual([
      ERROR_CODES.INVALID_ARGUMENT,
      "No user has this id.",
    ]);
  });
});
