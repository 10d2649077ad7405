import { fixedClock } from "@gatehouse/testing";
import type { TestApp } from "@gatehouse/testing/http";
import { decodeJwt } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { CODES_LIMITED, WRONG_CODE } from "../support/factor-errors.js";
import { dataOf, dynamoApp, errorOf, login, REFRESH, signUp, uniqueEmail } from "../support/gql.js";
import { expectAccessRefused, expectAccessWorks } from "../support/tokens.js";
import {
  codeAt,
  type FlaggedPayload,
  loginFlagged,
  PAYLOAD_FIELDS,
  STEP_MS,
  signUpWithTotp,
  VERIFY_SECOND_FACTOR,
  verifySecondFactor,
} from "../support/totp.js";

const clock = fixedClock(Date.UTC(2026, 3, 1));
let app: TestApp;
beforeAll(async () => {
  app = await dynamoApp({ clock });
});

const REFRESH_FLAGGED = `mutation Refresh($refreshToken: String!) {
  refresh(refreshToken: $refreshToken) { ${PAYLOAD_FIELDS} } }`;
const refreshFlagged = async (refreshToken: string): Promise<FlaggedPayload> =>
  dataOf(await app.graphql(REFRESH_FLAGGED, { refreshToken }), "refresh");
const verify = (token: string, code: string) =>
  app.graphql(VERIFY_SECOND_FACTOR, { code }, { token });

describe("login", () => {
  it("answers secondFactorRequired false at aal1 for a user without a second factor", async () => {
    const email = uniqueEmail();
    await signUp(app, email);

    const pair = await loginFlagged(app, email);

    expect(pair.secondFactorRequired).toBe(false);
    expect(decodeJwt(pair.accessToken)).toMatchObject({ acr: "aal1", amr: ["pwd"] });
  });

  it("answers secondFactorRequired true at aal1 for a user with TOTP", async () => {
    const { email } = await signUpWithTotp(app, uniqueEmail(), clock);

    const pair = await loginFlagged(app, email);

    expect(pair.secondFactorRequired).toBe(true);
    expect(decodeJwt(pair.accessToken)).toMatchObject({ acr: "aal1", amr: ["pwd"] });
  });
});

describe("verifySecondFactor", () => {
  it("returns a new aal2 session for the app's code and ends the aal1 session", async () => {
    const { email, secret } = await signUpWithTotp(app, uniqueEmail(), clock);
    const first = await loginFlagged(app, email);
    clock.advance(5_000);

    const second = await verifySecondFactor(
      app,
      first.accessToken,
      await codeAt(secret, clock.now()),
    );

    const claims = decodeJwt(second.accessToken);
    expect(second.secondFactorRequired).toBe(false);
    expect(claims).toMatchObject({
      acr: "aal2",
      amr: ["pwd", "otp", "mfa"],
      auth_time: Math.floor(clock.now() / 1000),
    });
    expect(claims.sid).not.toBe(decodeJwt(first.accessToken).sid);
    await expectAccessRefused(app, first.accessToken);
    await expectAccessWorks(app, second.accessToken);
    expect(errorOf(await app.graphql(REFRESH, { refreshToken: first.refreshToken })).code).toBe(
      "UNAUTHENTICATED",
    );
  });

  it("refuses a code already used in its window, even from another session", async () => {
    const { email, secret } = await signUpWithTotp(app, uniqueEmail(), clock);
    const code = await codeAt(secret, clock.now());
    await verifySecondFactor(app, (await login(app, email)).accessToken, code);

    const again = await verify((await login(app, email)).accessToken, code);

    expect(errorOf(again)).toEqual(WRONG_CODE);
    expect(again.body.data).toBeNull();
  });

  it("accepts the codes of the previous and the next step, and refuses those two steps away", async () => {
    const { email, secret } = await signUpWithTotp(app, uniqueEmail(), clock);
    // Several steps on from enrolment, so that every code tried is after the last one used.
    clock.advance(4 * STEP_MS);
    const now = clock.now();
    const tries = async (offsetSteps: number) => {
      const { accessToken } = await login(app, email);
      return verify(accessToken, await codeAt(secret, now + offsetSteps * STEP_MS));
    };

    expect(errorOf(await tries(-2))).toEqual(WRONG_CODE);
    expect(errorOf(await tries(2))).toEqual(WRONG_CODE);
    expect(dataOf<FlaggedPayload>(await tries(-1), "verifySecondFactor").secondFactorRequired).toBe(
      false,
    );
    expect(dataOf<FlaggedPayload>(await tries(1), "verifySecondFactor").secondFactorRequired).toBe(
      false,
    );
    // The next step's code was used: the current step's is behind it now, and refused.
    expect(errorOf(await tries(0))).toEqual(WRONG_CODE);
  });

  it("takes a recovery code once, counts it as otp, and mails a notice with the codes left", async () => {
    const { email, codes } = await signUpWithTotp(app, uniqueEmail(), clock);
    const [code = ""] = codes;

    const second = await verifySecondFactor(app, (await login(app, email)).accessToken, code);
    const again = await verify((await login(app, email)).accessToken, code);

    expect(decodeJwt(second.accessToken)).toMatchObject({
      acr: "aal2",
      amr: ["pwd", "otp", "mfa"],
    });
    expect(errorOf(again)).toEqual(WRONG_CODE);
    const notice = app.mailbox.sent.filter((mail) => mail.to === email).at(-1);
    expect(notice?.subject).toBe("A recovery code was used");
    expect(notice?.text).toContain("9 remain unused");
    expect(`${notice?.text}${notice?.html}`).not.toContain(code);
  });

  it("lets exactly one of concurrent uses of one recovery code through", async () => {
    const { email, codes } = await signUpWithTotp(app, uniqueEmail(), clock);
    const sessions = await Promise.all([1, 2, 3, 4].map(() => login(app, email)));

    const answers = await Promise.all(sessions.map((s) => verify(s.accessToken, codes[0] ?? "")));

    const won = answers.filter((answer) => answer.body?.data?.verifySecondFactor != null);
    expect(won).toHaveLength(1);
    for (const lost of answers.filter((answer) => !won.includes(answer))) {
      expect(errorOf(lost)).toEqual(WRONG_CODE);
    }
  });

  it("refuses after five wrong codes with RATE_LIMITED, even the right code", async () => {
    const { email, secret } = await signUpWithTotp(app, uniqueEmail(), clock);
    const { accessToken } = await login(app, email);

    for (let i = 0; i < 5; i++)
      expect(errorOf(await verify(accessToken, "000000"))).toEqual(WRONG_CODE);
    const limited = await verify(accessToken, await codeAt(secret, clock.now()));

    expect(errorOf(limited)).toEqual(CODES_LIMITED);
  });

  it("answers BAD_USER_INPUT at aal2 and for a user without a second factor", async () => {
    const { email, secret } = await signUpWithTotp(app, uniqueEmail(), clock);
    const aal2 = await verifySecondFactor(
      app,
      (await login(app, email)).accessToken,
      await codeAt(secret, clock.now()),
    );
    const plain = await signUp(app);

    expect(errorOf(await verify(aal2.accessToken, "123456"))).toEqual({
      code: "BAD_USER_INPUT",
      message: "This session has its second factor already.",
    });
    expect(errorOf(await verify(plain.accessToken, "123456"))).toEqual({
      code: "BAD_USER_INPUT",
      message: "The account has no second factor.",
    });
  });
});

describe("refresh", () => {
  it("never raises acr: an aal1 session of a user with TOTP refreshes to aal1, still flagged", async () => {
    const { email } = await signUpWithTotp(app, uniqueEmail(), clock);
    const first = await login(app, email);
    clock.advance(60_000);

    const next = await refreshFlagged(first.refreshToken);

    expect(next.secondFactorRequired).toBe(true);
    expect(decodeJwt(next.accessToken)).toMatchObject({
      acr: "aal1",
      auth_time: decodeJwt(first.accessToken).auth_time,
    });
  });

  it("keeps an aal2 session at aal2 with its auth_time", async () => {
    const { email, secret } = await signUpWithTotp(app, uniqueEmail(), clock);
    const aal2 = await verifySecondFactor(
      app,
      (await login(app, email)).accessToken,
      await codeAt(secret, clock.now()),
    );
    clock.advance(60_000);

    const next = await refreshFlagged(aal2.refreshToken);

    expect(next.secondFactorRequired).toBe(false);
    expect(decodeJwt(next.accessToken)).toMatchObject({
      acr: "aal2",
      amr: ["pwd", "otp", "mfa"],
      auth_time: decodeJwt(aal2.accessToken).auth_time,
    });
  });
});
