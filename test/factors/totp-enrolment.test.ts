import { fixedClock } from "@gatehouse/testing";
import type { TestApp } from "@gatehouse/testing/http";
import { decodeJwt } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { MFA_REQUIRED } from "../support/errors.js";
import { WRONG_CODE } from "../support/factor-errors.js";
import { dataOf, dynamoApp, errorOf, login, signUp, uniqueEmail } from "../support/gql.js";
import { expectAccessRefused, expectAccessWorks } from "../support/tokens.js";
import {
  BEGIN_TOTP,
  CONFIRM_TOTP,
  codeAt,
  ME_FACTORS,
  signUpWithTotp,
  verifySecondFactor,
} from "../support/totp.js";

const clock = fixedClock(Date.UTC(2026, 2, 1));
let app: TestApp;
beforeAll(async () => {
  app = await dynamoApp({ clock });
});

const USERS = "query { users { pageInfo { hasNextPage } } }";

describe("TOTP enrolment", () => {
  it("gives a base32 secret, its otpauth URI and an SVG QR code, and leaves TOTP off until confirmed", async () => {
    const { accessToken, user } = await signUp(app, uniqueEmail("ada"));

    const enrollment = dataOf<{ secret: string; uri: string; qrSvg: string }>(
      await app.graphql(BEGIN_TOTP, {}, { token: accessToken }),
      "beginTotpEnrollment",
    );

    expect(enrollment.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(enrollment.uri).toMatch(/^otpauth:\/\/totp\/[^?]+\?secret=[A-Z2-7]{32}&/);
    expect(enrollment.uri).toContain("algorithm=SHA1&digits=6&period=30");
    expect(enrollment.qrSvg).toMatch(/^<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    const me = await app.graphql(ME_FACTORS, {}, { token: accessToken });
    expect(dataOf(me, "me")).toEqual({
      id: user.id,
      secondFactors: { totp: false, passkeys: 0, recoveryCodesLeft: 0 },
    });
  });

  it("turns TOTP on with the app's code, returns 10 recovery codes and ends every other session", async () => {
    const email = uniqueEmail("ada");
    const { accessToken } = await signUp(app, email);
    const other = await login(app, email);
    const { secret } = dataOf<{ secret: string }>(
      await app.graphql(BEGIN_TOTP, {}, { token: accessToken }),
      "beginTotpEnrollment",
    );

    const codes = dataOf<string[]>(
      await app.graphql(
        CONFIRM_TOTP,
        { code: await codeAt(secret, clock.now()) },
        { token: accessToken },
      ),
      "confirmTotpEnrollment",
    );

    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    for (const code of codes) expect(code).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/);
    await expectAccessRefused(app, other.accessToken);
    // The enrolling session stays, at aal1: it reaches `me` and nothing guarded.
    await expectAccessWorks(app, accessToken);
    expect(errorOf(await app.graphql(USERS, {}, { token: accessToken }))).toEqual(MFA_REQUIRED);
  });

  it("refuses a wrong code and leaves TOTP off", async () => {
    const { accessToken } = await signUp(app);
    await app.graphql(BEGIN_TOTP, {}, { token: accessToken });

    const response = await app.graphql(CONFIRM_TOTP, { code: "000000" }, { token: accessToken });

    expect(errorOf(response)).toEqual(WRONG_CODE);
    const me = await app.graphql(ME_FACTORS, {}, { token: accessToken });
    expect(dataOf<{ secondFactors: { totp: boolean } }>(me, "me").secondFactors.totp).toBe(false);
  });

  it("lets the enrolling session reach aal2 with the app's next code, and ends it", async () => {
    const { session, secret } = await signUpWithTotp(app, uniqueEmail("ada"), clock);

    const aal2 = await verifySecondFactor(
      app,
      session.accessToken,
      await codeAt(secret, clock.now()),
    );

    expect(aal2.secondFactorRequired).toBe(false);
    expect(decodeJwt(aal2.accessToken)).toMatchObject({
      acr: "aal2",
      amr: ["pwd", "otp", "mfa"],
      auth_time: Math.floor(clock.now() / 1000),
    });
    await expectAccessRefused(app, session.accessToken);
    const me = await app.graphql(ME_FACTORS, {}, { token: aal2.accessToken });
    expect(dataOf<{ secondFactors: unknown }>(me, "me").secondFactors).toEqual({
      totp: true,
      passkeys: 0,
      recoveryCodesLeft: 10,
    });
  });

  it("mails the owner a notice of the new factor, with no secret and no code in it", async () => {
    const email = uniqueEmail("ada");
    const { secret, codes } = await signUpWithTotp(app, email, clock);

    const notice = app.mailbox.sent.filter((mail) => mail.to === email).at(-1);

    expect(notice?.subject).toBe("A second factor was added to your account");
    expect(notice?.text).toContain("an authenticator app");
    for (const part of [notice?.text, notice?.html]) {
      expect(part).not.toContain(secret);
      for (const code of codes) expect(part).not.toContain(code);
      expect(part).not.toMatch(/https?:\/\//);
    }
  });
});
