import { ERROR_CODES, PENDING_TOTP_MS } from "@gatehouse/core";
import { describe, expect, it, vi } from "vitest";
import { rejectionOf } from "../support/errors.js";
import { codeAt, NOTICE, STEP_MS, secondFactorFixture } from "./second-factor-fixture.js";

const WRONG = "The code is not valid.";

describe("TOTP enrolment", () => {
  it("gives the secret, its otpauth URI for the issuer's host and a QR code", async () => {
    const { factors, profile } = await secondFactorFixture();

    const enrollment = await factors.beginTotpEnrollment(await profile());

    expect(enrollment.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(enrollment.uri).toBe(
      `otpauth://totp/gatehouse.test:ada%40example.com?secret=${enrollment.secret}&issuer=gatehouse.test&algorithm=SHA1&digits=6&period=30`,
    );
    expect(enrollment.qrSvg).toMatch(/^<svg /);
  });

  it("keeps the pending secret sealed, never in clear", async () => {
    const { factors, profile, stores, ada, clock } = await secondFactorFixture();

    const { secret } = await factors.beginTotpEnrollment(await profile());

    const pending = await stores.factors.getPendingTotp(ada.user.id, clock.now());
    expect(pending?.sealedSecret).not.toContain(secret);
  });

  it("turns TOTP on with a correct code, returns 10 recovery codes and ends every other session", async () => {
    const { factors, profile, services, ada, enrol, notices } = await secondFactorFixture();
    const other = await services.credentials.login(
      "ada@example.com",
      "correct horse battery staple",
    );

    const { codes } = await enrol();

    expect(codes).toHaveLength(10);
    expect((await profile()).secondFactors).toEqual({ totp: true, passkeys: 0 });
    expect(await factors.recoveryCodesLeft(ada.user.id)).toBe(10);
    const ended = await rejectionOf(
      services.authenticator.authenticate(`Bearer ${other.accessToken}`),
    );
    expect(ended.code).toBe(ERROR_CODES.TOKEN_REVOKED);
    expect(notices()).toEqual([NOTICE.added]);
  });

  it("keeps the enrolment and returns the codes when the notice cannot be sent", async () => {
    const { factors, profile, ada, mail, notices, clock } = await secondFactorFixture();
    const errors: string[] = [];
    const write = vi.spyOn(process.stderr, "write").mockImplementation((line) => {
      errors.push(String(line));
      return true;
    });
    try {
      const enrollment = await factors.beginTotpEnrollment(await profile());
      mail.failNext();
      const codes = await factors.confirmTotpEnrollment(
        await profile(),
        await codeAt(enrollment.secret, clock.now()),
        ada.principal.sessionId,
      );

      expect(codes).toHaveLength(10);
      expect((await profile()).secondFactors.totp).toBe(true);
      expect(notices()).toEqual([]);
      expect(errors.join("")).toContain('"mail":"second-factor-notice"');
      expect(errors.join("")).not.toContain(enrollment.secret);
    } finally {
      write.mockRestore();
    }
  });

  it("refuses a wrong code and leaves TOTP off", async () => {
    const { factors, profile, ada } = await secondFactorFixture();
    await factors.beginTotpEnrollment(await profile());

    const refused = await rejectionOf(
      factors.confirmTotpEnrollment(await profile(), "000000", ada.principal.sessionId),
    );

    expect([refused.code, refused.message]).toEqual([ERROR_CODES.INVALID_SECOND_FACTOR, WRONG]);
    expect((await profile()).secondFactors.totp).toBe(false);
  });

  it("refuses to confirm an enrolment older than ten minutes", async () => {
    const { factors, profile, ada, clock } = await secondFactorFixture();
    const { secret } = await factors.beginTotpEnrollment(await profile());
    clock.advance(PENDING_TOTP_MS);

    const refused = await rejectionOf(
      factors.confirmTotpEnrollment(
        await profile(),
        await codeAt(secret, clock.now()),
        ada.principal.sessionId,
      ),
    );

    expect([refused.code, refused.message]).toEqual([
      ERROR_CODES.INVALID_ARGUMENT,
      "No authenticator setup is waiting, or it expired: start again.",
    ]);
  });

  it("refuses a second enrolment while TOTP is on", async () => {
    const { factors, profile, enrol } = await secondFactorFixture();
    await enrol();

    const refused = await rejectionOf(factors.beginTotpEnrollment(await profile()));

    expect(refused.message).toBe("An authenticator app is already set up: turn it off first.");
  });
});

describe("verifying a TOTP code", () => {
  it("accepts the current code once, and refuses it again in its window", async () => {
    const { factors, profile, enrol, clock } = await secondFactorFixture();
    const { secret } = await enrol();
    const code = await codeAt(secret, clock.now());

    expect(await factors.verifyCode(await profile(), code)).toEqual({ kind: "totp" });
    const replay = await rejectionOf(factors.verifyCode(await profile(), code));

    expect([replay.code, replay.message]).toEqual([ERROR_CODES.INVALID_SECOND_FACTOR, WRONG]);
  });

  it("refuses the code that confirmed the enrolment, in its window", async () => {
    const { factors, profile, ada, clock } = await secondFactorFixture();
    const { secret } = await factors.beginTotpEnrollment(await profile());
    const code = await codeAt(secret, clock.now());
    await factors.confirmTotpEnrollment(await profile(), code, ada.principal.sessionId);

    const replay = await rejectionOf(factors.verifyCode(await profile(), code));

    expect(replay.code).toBe(ERROR_CODES.INVALID_SECOND_FACTOR);
  });

  it("accepts one of two concurrent uses of one code", async () => {
    const { factors, profile, enrol, clock } = await secondFactorFixture();
    const { secret } = await enrol();
    const code = await codeAt(secret, clock.now());
    const user = await profile();

    const results = await Promise.allSettled([
      factors.verifyCode(user, code),
      factors.verifyCode(user, code),
    ]);

    expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
  });

  it("accepts a code one step off and refuses one two steps off", async () => {
    const { factors, profile, enrol, clock } = await secondFactorFixture();
    const { secret } = await enrol();
    clock.advance(10 * STEP_MS);
    const now = clock.now();

    expect(await factors.verifyCode(await profile(), await codeAt(secret, now - STEP_MS))).toEqual({
      kind: "totp",
    });
    expect(await factors.verifyCode(await profile(), await codeAt(secret, now + STEP_MS))).toEqual({
      kind: "totp",
    });
    const early = await rejectionOf(
      factors.verifyCode(await profile(), await codeAt(secret, now + 2 * STEP_MS)),
    );
    clock.advance(10 * STEP_MS);
    const late = await rejectionOf(
      factors.verifyCode(await profile(), await codeAt(secret, clock.now() - 2 * STEP_MS)),
    );

    expect([early.code, late.code]).toEqual([
      ERROR_CODES.INVALID_SECOND_FACTOR,
      ERROR_CODES.INVALID_SECOND_FACTOR,
    ]);
  });

  it("refuses every code after five wrong ones in the window, then accepts again in the next", async () => {
    const { factors, profile, enrol, clock, settings } = await secondFactorFixture();
    const { secret } = await enrol();
    for (let i = 0; i < 5; i++) {
      const wrong = await rejectionOf(factors.verifyCode(await profile(), "000000"));
      expect(wrong.code).toBe(ERROR_CODES.INVALID_SECOND_FACTOR);
    }

    const limited = await rejectionOf(
      factors.verifyCode(await profile(), await codeAt(secret, clock.now())),
    );
    clock.advance(settings.loginWindowSeconds * 1000);

    expect([limited.code, limited.message]).toEqual([
      ERROR_CODES.RATE_LIMITED,
      "Too many wrong codes. Try again later.",
    ]);
    expect(await factors.verifyCode(await profile(), await codeAt(secret, clock.now()))).toEqual({
      kind: "totp",
    });
  });

  it("ignores a TOTP item the profile does not name (a change that stopped half-way)", async () => {
    const { factors, profile, stores, ada, clock, totpKeys } = await secondFactorFixture();
    const { sealSecret } = await import("@gatehouse/core");
    const secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    await stores.factors.activateTotp(ada.user.id, {
      sealedSecret: sealSecret(totpKeys, ada.user.id, secret),
      lastStep: 0,
      enabledAt: clock.now(),
    });

    const refused = await rejectionOf(
      factors.verifyCode(await profile(), await codeAt(secret, clock.now())),
    );

    expect(refused.code).toBe(ERROR_CODES.INVALID_SECOND_FACTOR);
  });
});
