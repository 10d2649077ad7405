import { fixedClock, testSigningKeys } from "@gatehouse/testing";
import { httpEvent, TEST_ISSUER, type TestApp, type TestResponse } from "@gatehouse/testing/http";
import { decodeJwt } from "jose";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type AuthPayloadData,
  dataOf,
  dynamoApp,
  errorOf,
  graphqlGet,
  LOGIN,
  LOGOUT,
  ME,
  PASSWORD,
  REVOKE,
  SESSIONS,
  signUp,
  uniqueEmail,
} from "./support/gql.js";
import { expectInvalidToken, type TokenLab, tokenLab } from "./support/tokens.js";

// The bearer contract: how a token is presented and which claims make it valid. Attacks on the
// algorithm, signature and keys are in security/tokens.test.ts; on the header, serialisation
// and claims under a kept signature in security/token-structure.test.ts.

const START = Date.UTC(2026, 0, 1);
const TTL_SECONDS = 900;

const clock = fixedClock(START);
let app: TestApp;
let session: AuthPayloadData;
let lab: TokenLab;

beforeAll(async () => {
  const signingKeys = await testSigningKeys();
  lab = await tokenLab(signingKeys, clock, TTL_SECONDS);
  app = await dynamoApp({ clock, signingKeys });
  session = await signUp(app);
});

beforeEach(() => clock.set(START));

const nowSeconds = () => Math.floor(clock.now() / 1000);
const claimsOf = (from: AuthPayloadData = session) => lab.claimsOf(from);
const forge = (claims: Record<string, unknown>, header: Record<string, unknown> = {}) =>
  lab.forge(claims, header);

/** `claims` without the named ones. */
function without(claims: Record<string, unknown>, ...names: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(claims).filter(([name]) => !names.includes(name)));
}

const withAuthorization = (authorization: string, query = ME, variables = {}) =>
  app.graphql(query, variables, { headers: { authorization } });

const asBearer = (token: string, query = ME, variables = {}) =>
  withAuthorization(`Bearer ${token}`, query, variables);

/** A request that the token let through, as the session's user. */
function expectSignedIn(response: TestResponse, from: AuthPayloadData = session) {
  expect(dataOf<{ id: string }>(response, "me").id).toBe(from.user.id);
}

describe("a valid access token", () => {
  it("signs the caller in", async () => {
    expectSignedIn(await asBearer(session.accessToken));
  });

  it("is accepted when the test signs it the way the app does (the control for every forged case)", async () => {
    expectSignedIn(await asBearer(await forge(claimsOf())));
  });

  // RFC 7235 §2.1: the auth-scheme is case-insensitive; RFC 6750 §2.1: `Bearer 1*SP token`.
  it.each([
    ["lower-case bearer", (token: string) => `bearer ${token}`],
    ["upper-case BEARER", (token: string) => `BEARER ${token}`],
    ["mixed-case bEaReR", (token: string) => `bEaReR ${token}`],
    ["two spaces after Bearer", (token: string) => `Bearer  ${token}`],
    ["several spaces after Bearer", (token: string) => `Bearer     ${token}`],
  ])("is accepted with %s", async (_, header) => {
    expectSignedIn(await withAuthorization(header(session.accessToken)));
  });

  it("still works up to 5 s after exp (the allowed clock skew)", async () => {
    const { exp } = decodeJwt(session.accessToken);
    clock.set((exp ?? 0) * 1000 + 4_999);
    expectSignedIn(await asBearer(session.accessToken));
  });

  it("is accepted with an iat up to 5 s ahead of the server's clock", async () => {
    const claims = claimsOf();
    const iat = nowSeconds() + 5;
    expectSignedIn(await asBearer(await forge({ ...claims, iat, exp: iat + TTL_SECONDS })));
  });

  it("is accepted with an Authorization value of exactly 8 KiB", async () => {
    const padding = " ".repeat(8192 - "Bearer".length - session.accessToken.length);
    const authorization = `Bearer${padding}${session.accessToken}`;
    expect(authorization).toHaveLength(8192);
    expectSignedIn(await withAuthorization(authorization));
  });
});

describe("an Authorization header that is not a valid access token answers 401", () => {
  it.each([
    ["the Basic scheme", () => "Basic dXNlcjpwYXNzd29yZA=="],
    ["another scheme with a valid token", () => `Token ${session.accessToken}`],
    ["the DPoP scheme with a valid token", () => `DPoP ${session.accessToken}`],
    ["the scheme written twice", () => `Bearer Bearer ${session.accessToken}`],
    ["a colon after Bearer", () => `Bearer: ${session.accessToken}`],
    ["a space before Bearer", () => ` Bearer ${session.accessToken}`],
    ["a space after the token", () => `Bearer ${session.accessToken} `],
    ["a non-breaking space after Bearer", () => `Bearer\u00a0${session.accessToken}`],
    ["a line break after Bearer", () => `Bearer\n${session.accessToken}`],
    ["no scheme at all", () => session.accessToken],
    ["Bearer without a token", () => "Bearer"],
    ["Bearer and a space without a token", () => "Bearer "],
    ["no space after Bearer", () => `Bearer${session.accessToken}`],
    ["a tab instead of a space", () => `Bearer\t${session.accessToken}`],
    ["text after the token", () => `Bearer ${session.accessToken} extra`],
    ["an empty value", () => ""],
    ["a string that is not a JWT", () => "Bearer not-a-jwt"],
    ["three dot-separated garbage parts", () => "Bearer a.b.c"],
    ["the refresh token", () => `Bearer ${session.refreshToken}`],
    [
      "a repeated header, as API Gateway joins it",
      () => `Bearer ${session.accessToken}, Bearer ${session.accessToken}`,
    ],
    [
      "a repeated header joined without a space",
      () => `Bearer ${session.accessToken},Bearer ${session.accessToken}`,
    ],
  ])("for %s", async (_, authorization) => {
    expectInvalidToken(await withAuthorization(authorization()));
  });

  it("for an Authorization value one byte over 8 KiB, however valid the token", async () => {
    const padding = " ".repeat(8193 - "Bearer".length - session.accessToken.length);
    expectInvalidToken(await withAuthorization(`Bearer${padding}${session.accessToken}`));
    // A token that is itself longer than 8 KiB, signed with the app's key.
    const big = await forge({ ...claimsOf(), padding: "x".repeat(6200) });
    expect(big.length).toBeGreaterThan(8192);
    expectInvalidToken(await asBearer(big));
  });

  it.each([
    ['typ "JWT"', { typ: "JWT" }],
    ["no typ", { typ: undefined }],
  ])("for a token with %s in its header", async (_, header) => {
    expectInvalidToken(await asBearer(await forge(claimsOf(), header)));
  });

  it.each([
    ["another issuer", { iss: "https://issuer.example" }],
    ["the issuer with a trailing slash", { iss: `${TEST_ISSUER}/` }],
    ["another audience", { aud: "another-api" }],
    ["a subject that is not a user id", { sub: "admin" }],
    ["a role that does not exist", { roles: ["USER", "ROOT"] }],
    ["roles that are not a list", { roles: "ADMIN" }],
    ["a session id of the wrong shape", { sid: "x" }],
    ["a session start that is not a time in ms", { sct: "yesterday" }],
    ["roles other than the user's", { roles: ["USER", "ADMIN"] }],
    ["a user who does not exist", { sub: "00000000-0000-4000-8000-000000000000" }],
  ])("for a token with %s", async (_, changes) => {
    expectInvalidToken(await asBearer(await forge({ ...claimsOf(), ...changes })));
  });

  it.each(["iss", "aud", "sub", "jti", "sid", "sct", "iat", "exp", "roles"])(
    "for a token without its %s claim",
    async (claim) => {
      expectInvalidToken(await asBearer(await forge(without(claimsOf(), claim))));
    },
  );

  it("for a token more than 5 s past its exp", async () => {
    const { exp } = decodeJwt(session.accessToken);
    clock.set((exp ?? 0) * 1000 + 5_001);
    expectInvalidToken(await asBearer(session.accessToken));
    clock.set((exp ?? 0) * 1000 + 60_000);
    expectInvalidToken(await asBearer(session.accessToken));
  });

  it("for a token whose iat is more than 5 s in the future", async () => {
    const iat = nowSeconds() + 6;
    expectInvalidToken(await asBearer(await forge({ ...claimsOf(), iat, exp: iat + TTL_SECONDS })));
  });

  it("for a token whose lifetime (exp - iat) is longer than the configured one", async () => {
    const claims = claimsOf();
    const token = await forge({ ...claims, exp: (claims.iat as number) + TTL_SECONDS + 1 });
    expectInvalidToken(await asBearer(token));
  });

  it("for a token whose session has ended, even on a login mutation", async () => {
    const email = uniqueEmail();
    const own = await signUp(app, email);
    expect(dataOf(await asBearer(own.accessToken, LOGOUT), "logout")).toBe(true);

    expectInvalidToken(await asBearer(own.accessToken));
    // A client holding a stale token must drop it before it logs in again.
    expectInvalidToken(await asBearer(own.accessToken, LOGIN, { email, password: PASSWORD }));
  });

  it("for a token revoked by its jti", async () => {
    const own = await signUp(app);
    expect(dataOf(await asBearer(own.accessToken, REVOKE), "revoke")).toBe(true);
    expectInvalidToken(await asBearer(own.accessToken));
  });
});

describe("no Authorization header", () => {
  it("answers a protected nullable field with 200, null and UNAUTHENTICATED", async () => {
    const response = await app.graphql(ME);
    expect(response.status).toBe(200);
    expect(response.headers["www-authenticate"]).toBeUndefined();
    expect(response.body.data).toEqual({ me: null });
    expect(errorOf(response)).toEqual({
      code: "UNAUTHENTICATED",
      message: "You must be signed in.",
    });
  });

  it("answers a protected non-null field with 200, no data and UNAUTHENTICATED", async () => {
    const response = await app.graphql(SESSIONS);
    expect(response.status).toBe(200);
    expect(response.body.data).toBeNull();
    expect(errorOf(response)).toEqual({
      code: "UNAUTHENTICATED",
      message: "You must be signed in.",
    });
  });
});

describe("Cache-Control: no-store", () => {
  const post = (body: string, headers: Record<string, string> = {}) =>
    app.invoke(
      httpEvent({
        method: "POST",
        path: "/graphql",
        headers: { "content-type": "application/json", ...headers },
        body,
      }),
    );
  const get = (query: string, headers: Record<string, string> = {}) =>
    graphqlGet(app, query, headers);

  it.each<[string, number, () => Promise<TestResponse>]>([
    ["a signed-in query", 200, () => asBearer(session.accessToken)],
    [
      "a login with tokens in it",
      200,
      () => app.graphql(LOGIN, { email: session.user.email, password: PASSWORD }),
    ],
    ["a field error", 200, () => app.graphql(ME)],
    ["a GET query", 200, () => get("{ me { id } }", { "apollo-require-preflight": "true" })],
    ["a GET without a preflight header (CSRF prevention)", 400, () => get("{ me { id } }")],
    ["a syntax error", 400, () => post(JSON.stringify({ query: "{ me { id " }))],
    ["a validation error", 400, () => post(JSON.stringify({ query: "{ nope }" }))],
    ["malformed JSON", 400, () => post("{ not json")],
    ["an invalid token", 401, () => asBearer("not-a-jwt")],
    [
      "a body over the limit",
      413,
      () => post(JSON.stringify({ query: `{ me { id } } #${"x".repeat(110_000)}` })),
    ],
    [
      "a method /graphql does not serve",
      405,
      () => app.invoke(httpEvent({ method: "PUT", path: "/graphql", body: "{}" })),
    ],
  ])("is on the response to %s (HTTP %i)", async (_, status, send) => {
    const response = await send();
    expect(response.status).toBe(status);
    expect(response.headers["cache-control"]).toBe("no-store");
  });
});
