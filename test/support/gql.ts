/**
 * Shared pieces of the integration tests in `test/`: the contract's operations as documents,
 * a password the policy accepts, unique emails, an app factory against the embedded DynamoDB,
 * and sign-up/login helpers that go through the real handler and throw, with the response
 * text, when the API does not answer with data. Error assertions read `errorOf`.
 *
 * Stable surface: other test files import from here; add to it, do not change what exists.
 */
import { randomUUID } from "node:crypto";
import { fastHasher } from "@gatehouse/testing";
import {
  createTestApp,
  httpEvent,
  type TestApp,
  type TestAppOptions,
  type TestResponse,
} from "@gatehouse/testing/http";
import { inject } from "vitest";

/** A password the default policy accepts (≥ 15 code points). */
export const PASSWORD = "correct horse battery staple";

/** Every field of `User`. */
export const USER_FIELDS = "id email roles createdAt";
/** Every field of `AuthPayload`, with its user. */
export const AUTH_PAYLOAD_FIELDS = `accessToken refreshToken tokenType expiresIn user { ${USER_FIELDS} }`;
/** Every field of `Session`. */
export const SESSION_FIELDS = "id createdAt lastUsedAt expiresAt current";

export const SIGN_UP = `mutation SignUp($email: String!, $password: String!) {
  signUp(email: $email, password: $password) { ${AUTH_PAYLOAD_FIELDS} }
}`;
export const LOGIN = `mutation Login($email: String!, $password: String!) {
  login(email: $email, password: $password) { ${AUTH_PAYLOAD_FIELDS} }
}`;
export const REFRESH = `mutation Refresh($refreshToken: String!) {
  refresh(refreshToken: $refreshToken) { ${AUTH_PAYLOAD_FIELDS} }
}`;
export const ME = `query Me { me { ${USER_FIELDS} } }`;
export const USER = `query User($id: ID!) { user(id: $id) { ${USER_FIELDS} } }`;
export const USERS = `query Users($first: Int, $after: String) {
  users(first: $first, after: $after) {
    edges { cursor node { ${USER_FIELDS} } }
    pageInfo { hasNextPage endCursor }
  }
}`;
export const SESSIONS = `query Sessions { sessions { ${SESSION_FIELDS} } }`;
export const REVOKE = "mutation Revoke($token: String) { revoke(token: $token) }";
export const LOGOUT = "mutation Logout { logout }";
export const REVOKE_ALL_SESSIONS =
  "mutation RevokeAllSessions($userId: ID) { revokeAllSessions(userId: $userId) }";
export const CHANGE_PASSWORD = `mutation ChangePassword($currentPassword: String!, $newPassword: String!) {
  changePassword(currentPassword: $currentPassword, newPassword: $newPassword)
}`;
export const CREATE_USER = `mutation CreateUser($email: String!, $password: String!, $roles: [Role!]) {
  createUser(email: $email, password: $password, roles: $roles) { ${USER_FIELDS} }
}`;
export const SET_ROLES = `mutation SetRoles($userId: ID!, $roles: [Role!]!) {
  setRoles(userId: $userId, roles: $roles) { ${USER_FIELDS} }
}`;

/** A `User` as the operations above select it. */
export interface UserData {
  readonly id: string;
  readonly email: string;
  readonly roles: string[];
  readonly createdAt: string;
}

/** A `Session` as `SESSIONS` selects it. */
export interface SessionData {
  readonly id: string;
  readonly createdAt: string;
  readonly lastUsedAt: string;
  readonly expiresAt: string;
  readonly current: boolean;
}

/** An `AuthPayload` as the operations above select it. */
export interface AuthPayloadData {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly tokenType: string;
  readonly expiresIn: number;
  readonly user: UserData;
}

/** The public face of one GraphQL error: what every assertion on an error compares. */
export interface PublicError {
  readonly code: unknown;
  readonly message: unknown;
}

/** A fresh, valid, lower-case email, so tests sharing a table never collide. */
export function uniqueEmail(label = "user"): string {
  return `${label}-${randomUUID().slice(0, 8)}@example.com`;
}

/**
 * A test app on a fresh table in the embedded DynamoDB, with cheap hashing unless `hasher`
 * says otherwise. Pass `tableName` to get a second container on the same table.
 */
export function dynamoApp(options: Omit<TestAppOptions, "endpoint"> = {}): Promise<TestApp> {
  return createTestApp({ hasher: fastHasher(), ...options, endpoint: inject("dynamoEndpoint") });
}

/** The first error of a response as `{ code, message }`; throws when there is none. */
export function errorOf(response: TestResponse): PublicError {
  const error = response.body?.errors?.[0];
  if (error === undefined) throw new Error(`expected an error, got ${response.text}`);
  return { code: error.extensions?.code, message: error.message };
}

/** The value of `field` in `data`; throws with the response text on errors or a non-200. */
export function dataOf<T = unknown>(response: TestResponse, field: string): T {
  if (response.status !== 200 || response.body?.errors !== undefined) {
    throw new Error(`expected data.${field}, got HTTP ${response.status}: ${response.text}`);
  }
  return response.body.data[field] as T;
}

/** Signs up through GraphQL; the default email is unique and the password is `PASSWORD`. */
export async function signUp(
  app: TestApp,
  email: string = uniqueEmail(),
  password: string = PASSWORD,
): Promise<AuthPayloadData> {
  return dataOf(await app.graphql(SIGN_UP, { email, password }), "signUp");
}

/** Logs in through GraphQL. */
export async function login(
  app: TestApp,
  email: string,
  password: string = PASSWORD,
): Promise<AuthPayloadData> {
  return dataOf(await app.graphql(LOGIN, { email, password }), "login");
}

/** Rotates a refresh token through GraphQL: the next pair of the same session. */
export async function refresh(app: TestApp, refreshToken: string): Promise<AuthPayloadData> {
  return dataOf(await app.graphql(REFRESH, { refreshToken }), "refresh");
}

/** Makes sure an ADMIN with this email exists (the seeding path), then logs in as them. */
export async function signInAsAdmin(
  app: TestApp,
  email: string = uniqueEmail("admin"),
  password: string = PASSWORD,
): Promise<AuthPayloadData> {
  await app.runtime.services.credentials.ensureAdmin(email, password);
  return login(app, email, password);
}

/** A test app with an ADMIN and then a USER signed in: the cast of the role tests. */
export async function appWithAdminAndUser(
  options: Omit<TestAppOptions, "endpoint"> = {},
): Promise<{ app: TestApp; admin: AuthPayloadData; user: AuthPayloadData }> {
  const app = await dynamoApp(options);
  const admin = await signInAsAdmin(app);
  return { app, admin, user: await signUp(app) };
}

/** `GET /graphql?query=…`, as a browser or a CDN-friendly client sends a query. */
export function graphqlGet(
  app: TestApp,
  query: string,
  headers: Record<string, string> = {},
): Promise<TestResponse> {
  return app.invoke(
    httpEvent({
      method: "GET",
      path: "/graphql",
      query: `query=${encodeURIComponent(query)}`,
      headers,
    }),
  );
}
