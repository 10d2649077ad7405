import { fixedClock } from "@gatehouse/testing";
import type { TestApp } from "@gatehouse/testing/http";
import { beforeAll, describe, expect, it } from "vitest";
import { FORBIDDEN, MFA_REQUIRED, REAUTHENTICATION_REQUIRED } from "../support/errors.js";
import { WRONG_CODE } from "../support/factor-errors.js";
import { dataOf, dynamoApp, errorOf, login, signInAsAdmin } from "../support/gql.js";
import { linkOf, REQUEST_PASSWORD_RESET, RESET_PASSWORD } from "../support/mail.js";
import { expectAccessRefused, expectAccessWorks } from "../support/tokens.js";
import {
  codeAt,
  DISABLE_TOTP,
  loginFlagged,
  ME_FACTORS,
  REGENERATE_CODES,
  REMOVE_SECOND_FACTORS,
  STEP_MS,
  signInAal2,
  signUpWithTotp,
  verifySecondFactor,
} from "../support/totp.js";

const clock = fixedClock(Date.UTC(2026, 4, 1));
let app: TestApp;
beforeAll(async () => {
  app = await dynamoApp({ clock });
});

/** A user with TOTP, signed in at aal2, with another live aal2 session. */
async function enrolledUser() {
  const enrolled = await signUpWithTotp(app, undefined, clock);
  const other = await signInAal2(app, enrolled.email, enrolled.secret, clock);
  clock.advance(STEP_MS);
  const current = await signInAal2(app, enrolled.email, enrolled.secret, clock);
  clock.advance(STEP_MS);
  return { ...enrolled, other, current };
}

const subjectsTo = (email: string) =>
  app.mailbox.sent.filter((mail) => mail.to === email).map((mail) => mail.subject);

describe("disableTotp", () => {
  it("turns TOTP off with a current code, ends every other session and mails a notice", async () => {
    const { email, secret, other, current } = await enrolledUser();

    const response = await app.graphql(
      DISABLE_TOTP,
      { code: await codeAt(secret, clock.now()) },
      { token: current.accessToken },
    );

    expect(dataOf(response, "disableTotp")).toBe(true);
    await expectAccessRefused(app, other.accessToken);
    await expectAccessWorks(app, current.accessToken);
    expect((await loginFlagged(app, email)).secondFactorRequired).toBe(false);
    expect(subjectsTo(email).at(-1)).toBe("A second factor was removed from your account");
  });

  it("answers MFA_REQUIRED at aal1 and REAUTHENTICATION_REQUIRED once the sign-in is old", async () => {
    const { email, secret, current } = await enrolledUser();
    const aal1 = await login(app, email);
    const code = await codeAt(secret, clock.now());

    expect(errorOf(await app.graphql(DISABLE_TOTP, { code }, { token: aal1.accessToken }))).toEqual(
      MFA_REQUIRED,
    );
    clock.advance(301_000);
    expect(
      errorOf(await app.graphql(DISABLE_TOTP, { code }, { token: current.accessToken })),
    ).toEqual(REAUTHENTICATION_REQUIRED);
  });
});

describe("regenerateRecoveryCodes", () => {
  it("returns 10 new codes; the old set stops working and the new one works", async () => {
    const { email, codes: old, current } = await enrolledUser();

    const fresh = dataOf<string[]>(
      await app.graphql(REGENERATE_CODES, { code: old[0] }, { token: current.accessToken }),
      "regenerateRecoveryCodes",
    );

    expect(fresh).toHaveLength(10);
    expect(fresh.some((code) => old.includes(code))).toBe(false);
    const stale = await app.graphql(
      "mutation V($code: String!) { verifySecondFactor(code: $code) { accessToken } }",
      { code: old[1] },
      { token: (await login(app, email)).accessToken },
    );
    expect(errorOf(stale)).toEqual(WRONG_CODE);
    await verifySecondFactor(app, (await login(app, email)).accessToken, fresh[0] ?? "");
  });

  it("refuses a wrong code and keeps the set", async () => {
    const { codes, current } = await enrolledUser();

    const response = await app.graphql(
      REGENERATE_CODES,
      { code: "aaaa-bbbb-cccc-dddd" },
      { token: current.accessToken },
    );

    expect(errorOf(response)).toEqual(WRONG_CODE);
    const me = await app.graphql(ME_FACTORS, {}, { token: current.accessToken });
    expect(
      dataOf<{ secondFactors: { recoveryCodesLeft: number } }>(me, "me").secondFactors,
    ).toEqual({ totp: true, passkeys: 0, recoveryCodesLeft: codes.length });
  });
});

describe("removeSecondFactors", () => {
  it("lets an admin remove every factor of a user, ending all their sessions", async () => {
    const admin = await signInAsAdmin(app);
    const { email, session, other, current } = await enrolledUser();

    const response = await app.graphql(
      REMOVE_SECOND_FACTORS,
      { userId: session.user.id },
      { token: admin.accessToken },
    );

    expect(dataOf(response, "removeSecondFactors")).toEqual({
      id: session.user.id,
      secondFactors: { totp: false, passkeys: 0, recoveryCodesLeft: 0 },
    });
    await expectAccessRefused(app, other.accessToken);
    await expectAccessRefused(app, current.accessToken);
    expect((await loginFlagged(app, email)).secondFactorRequired).toBe(false);
    expect(subjectsTo(email).at(-1)).toBe("A second factor was removed from your account");
  });

  it("is FORBIDDEN to anyone but an admin, the user themself included", async () => {
    const { session, current } = await enrolledUser();

    const response = await app.graphql(
      REMOVE_SECOND_FACTORS,
      { userId: session.user.id },
      { token: current.accessToken },
    );

    expect(errorOf(response)).toEqual(FORBIDDEN);
  });
});

describe("a password reset", () => {
  it("keeps the factors: the next login still answers secondFactorRequired at aal1", async () => {
    const { email } = await enrolledUser();
    dataOf(await app.graphql(REQUEST_PASSWORD_RESET, { email }), "requestPasswordReset");
    const mail = app.mailbox.sent.filter((sent) => sent.to === email).at(-1);
    if (mail === undefined) throw new Error("no reset mail");
    const newPassword = "a brand new passphrase of mine";

    const reset = await app.graphql(RESET_PASSWORD, { token: linkOf(mail).token, newPassword });

    expect(dataOf(reset, "resetPassword")).toBe(true);
    const next = await loginFlagged(app, email, newPassword);
    expect(next.secondFactorRequired).toBe(true);
    const me = await app.graphql(ME_FACTORS, {}, { token: next.accessToken });
    expect(dataOf<{ secondFactors: { totp: boolean } }>(me, "me").secondFactors.totp).toBe(true);
    expect(
      errorOf(await app.graphql(REGENERATE_CODES, { code: "x" }, { token: next.accessToken })),
    ).toEqual(MFA_REQUIRED);
  });
});

describe("beginTotpEnrollment", () => {
  it("cannot begin an enrolment twice once TOTP is on", async () => {
    const { current } = await enrolledUser();
    const response = await app.graphql(
      "mutation { beginTotpEnrollment { secret } }",
      {},
      { token: current.accessToken },
    );
    expect(errorOf(response)).toEqual({
      code: "BAD_USER_INPUT",
      message: "An authenticator app is already set up: turn it off first.",
    });
  });
});
