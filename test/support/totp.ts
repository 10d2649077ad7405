/**
 * Helpers of the second-factor tests: the contract's TOTP operations as documents, codes
 * computed with the library the server uses (as an authenticator app would, at a chosen
 * time), and a user who enrolled TOTP through GraphQL.
 */
import type { TestClock } from "@gatehouse/testing";
import type { TestApp } from "@gatehouse/testing/http";
import { generate } from "otplib";
import {
  AUTH_PAYLOAD_FIELDS,
  type AuthPayloadData,
  dataOf,
  login,
  PASSWORD,
  signUp,
  uniqueEmail,
} from "./gql.js";

/** One RFC 6238 step, ms. */
export const STEP_MS = 30_000;

/** An AuthPayload with the second-factor flag. */
export const PAYLOAD_FIELDS = `${AUTH_PAYLOAD_FIELDS} secondFactorRequired`;

export const BEGIN_TOTP = "mutation { beginTotpEnrollment { secret uri qrSvg } }";
export const CONFIRM_TOTP =
  "mutation Confirm($code: String!) { confirmTotpEnrollment(code: $code) }";
export const DISABLE_TOTP = "mutation Disable($code: String!) { disableTotp(code: $code) }";
export const REGENERATE_CODES =
  "mutation Regenerate($code: String!) { regenerateRecoveryCodes(code: $code) }";
export const VERIFY_SECOND_FACTOR = `mutation Verify($code: String!) {
  verifySecondFactor(code: $code) { ${PAYLOAD_FIELDS} } }`;
export const REMOVE_SECOND_FACTORS = `mutation Remove($userId: ID!) {
  removeSecondFactors(userId: $userId) { id secondFactors { totp passkeys recoveryCodesLeft } } }`;
export const LOGIN_WITH_FLAG = `mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) { ${PAYLOAD_FIELDS} } }`;
export const ME_FACTORS = "query { me { id secondFactors { totp passkeys recoveryCodesLeft } } }";

/** A token pair with the second-factor flag. */
export interface FlaggedPayload extends AuthPayloadData {
  readonly secondFactorRequired: boolean;
}

/** The code an authenticator app shows for `secret` at `epochMs`. */
export function codeAt(secret: string, epochMs: number): Promise<string> {
  return generate({ secret, epoch: Math.floor(epochMs / 1000) });
}

/** Logs in and returns the pair with its `secondFactorRequired`. */
export async function loginFlagged(
  app: TestApp,
  email: string,
  password = PASSWORD,
): Promise<FlaggedPayload> {
  return dataOf(await app.graphql(LOGIN_WITH_FLAG, { email, password }), "login");
}

/** Presents a second factor from `token`'s session: the new aal2 pair. */
export async function verifySecondFactor(
  app: TestApp,
  token: string,
  code: string,
): Promise<FlaggedPayload> {
  return dataOf(await app.graphql(VERIFY_SECOND_FACTOR, { code }, { token }), "verifySecondFactor");
}

/**
 * Signs a new user up and turns TOTP on through GraphQL with a code at `clock`'s time, then
 * moves the clock one step on, so the confirming code is behind. Returns the secret, the
 * recovery codes and the enrolling session (aal1, kept by the enrolment).
 */
export async function signUpWithTotp(app: TestApp, email = uniqueEmail(), clock: TestClock) {
  const session = await signUp(app, email);
  const token = session.accessToken;
  const enrollment = dataOf<{ secret: string; uri: string; qrSvg: string }>(
    await app.graphql(BEGIN_TOTP, {}, { token }),
    "beginTotpEnrollment",
  );
  const code = await codeAt(enrollment.secret, clock.now());
  const codes = dataOf<string[]>(
    await app.graphql(CONFIRM_TOTP, { code }, { token }),
    "confirmTotpEnrollment",
  );
  clock.advance(STEP_MS);
  return { email, session, ...enrollment, codes };
}

/** Logs in with the password, then the app's current code: an aal2 pair. */
export async function signInAal2(app: TestApp, email: string, secret: string, clock: TestClock) {
  const first = await login(app, email);
  return verifySecondFactor(app, first.accessToken, await codeAt(secret, clock.now()));
}
