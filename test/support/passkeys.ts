/**
 * Passkey helpers of the integration tests: the operations as documents, and ceremonies driven
 * through the real handler by a software authenticator (`softwareAuthenticator`) whose
 * "browser" runs on the origin the test app's settings allow.
 */
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@gatehouse/core";
import { type SoftwareAuthenticator, softwareAuthenticator } from "@gatehouse/testing";
import { TEST_ISSUER, type TestApp } from "@gatehouse/testing/http";
import { decodeJwt } from "jose";
import { AUTH_PAYLOAD_FIELDS, type AuthPayloadData, dataOf, signUp } from "./gql.js";

/** The origin test apps allow passkey ceremonies from: the issuer's (its host is the RP id). */
export const PASSKEY_ORIGIN = TEST_ISSUER;

export const PASSKEY_FIELDS = "id name createdAt lastUsedAt";
export const PASSKEYS = `query { passkeys { ${PASSKEY_FIELDS} } }`;
export const BEGIN_REGISTRATION = "mutation { beginPasskeyRegistration }";
export const FINISH_REGISTRATION = `mutation Finish($response: JSON!, $name: String) {
  finishPasskeyRegistration(response: $response, name: $name) { ${PASSKEY_FIELDS} }
}`;
export const BEGIN_LOGIN = "mutation Begin($email: String) { beginPasskeyLogin(email: $email) }";
export const FINISH_LOGIN = `mutation Finish($response: JSON!) {
  finishPasskeyLogin(response: $response) { ${AUTH_PAYLOAD_FIELDS} }
}`;
export const DELETE_PASSKEY = "mutation Delete($id: ID!) { deletePasskey(id: $id) }";

/** The one answer to every refused passkey assertion. */
export const PASSKEY_REFUSED = {
  code: "UNAUTHENTICATED",
  message: "The passkey could not be verified.",
};

/** The answer to a registration response that does not verify. */
export const REGISTRATION_REFUSED = {
  code: "BAD_USER_INPUT",
  message: "The passkey registration could not be verified. Try again.",
};

/** A `Passkey` as the operations select it. */
export interface PasskeyData {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
}

/** A software authenticator on the allowed origin (a synced passkey unless told). */
export const device = (synced = true): SoftwareAuthenticator =>
  softwareAuthenticator({ origin: PASSKEY_ORIGIN, synced });

/** Creation options for the caller of `token`. */
export async function beginRegistration(
  app: TestApp,
  token: string,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  return dataOf(await app.graphql(BEGIN_REGISTRATION, {}, { token }), "beginPasskeyRegistration");
}

/** Sends a registration response; the raw response, for error assertions. */
export function finishRegistration(
  app: TestApp,
  token: string,
  response: RegistrationResponseJSON | unknown,
  name?: string,
) {
  return app.graphql(FINISH_REGISTRATION, { response, ...(name ? { name } : {}) }, { token });
}

/** Registers a passkey on `authenticator` for the caller of `token`. */
export async function registerPasskey(
  app: TestApp,
  token: string,
  authenticator: SoftwareAuthenticator,
  name = "Laptop",
): Promise<PasskeyData> {
  const options = await beginRegistration(app, token);
  const response = await finishRegistration(app, token, authenticator.register(options), name);
  return dataOf(response, "finishPasskeyRegistration");
}

/** Request options, for `email` or (none) discoverable credentials. */
export async function beginLogin(
  app: TestApp,
  email?: string,
): Promise<PublicKeyCredentialRequestOptionsJSON> {
  return dataOf(await app.graphql(BEGIN_LOGIN, email ? { email } : {}), "beginPasskeyLogin");
}

/** Sends an assertion, with a bearer token when given; the raw response. */
export function finishLogin(
  app: TestApp,
  response: AuthenticationResponseJSON | unknown,
  options: { token?: string; headers?: Record<string, string> } = {},
) {
  return app.graphql(FINISH_LOGIN, { response }, options);
}

/** Signs in with a discoverable passkey of `authenticator`. */
export async function passkeyLogin(
  app: TestApp,
  authenticator: SoftwareAuthenticator,
  email?: string,
): Promise<AuthPayloadData> {
  const response = authenticator.login(await beginLogin(app, email));
  return dataOf(await finishLogin(app, response), "finishPasskeyLogin");
}

/** The assurance claims of an access token. */
export const assuranceOf = (accessToken: string) => {
  const { auth_time, acr, amr } = decodeJwt(accessToken);
  return { auth_time, acr, amr };
};

/**
 * A new user with one passkey on `authenticator`, signed in with it (aal2). The sign-up
 * session, which registered the passkey, is held at aal1 from then on (MFA_REQUIRED).
 */
export async function userWithPasskey(app: TestApp, authenticator = device()) {
  const signedUp = await signUp(app);
  const passkey = await registerPasskey(app, signedUp.accessToken, authenticator);
  const session = await passkeyLogin(app, authenticator);
  return { signedUp, user: signedUp.user, passkey, session, authenticator };
}
