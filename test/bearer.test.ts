import { createPublicKey, type JsonWebKey, randomBytes } from "node:crypto";
import { generateSigningJwk } from "@gatehouse/core";
import {
  fixedClock,
  httpEvent,
  TEST_ISSUER,
  type TestApp,
  type TestResponse,
  testSigningKeys,
} from "@gatehouse/testing";
import {
  base64url,
  type CryptoKey,
  decodeJwt,
  importJWK,
  type JWK,
  type JWTHeaderParameters,
  SignJWT,
} from "jose";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type AuthPayloadData,
  dataOf,
  dynamoApp,
  errorOf,
  LOGIN,
  LOGOUT,
  ME,
  PASSWORD,
  REVOKE,
  SESSIONS,
  signUp,
  uniqueEmail,
} from "./support/gql.js";

const START = Date.UTC(2026, 0, 1);
const TTL_SECONDS = 900;
const INVALID_TOKEN_MESSAGE = "The access token is invalid, expired or revoked.";
/** Every rejected `Authorization` gets exactly this body (Apollo ends it with a newline). */
const INVALID_TOKEN_BODY = `${JSON.stringify({
  errors: [{ message: INVALID_TOKEN_MESSAGE, extensions: { code: "UNAUTHENTICATED" } }],
})}\n`;

const clock = fixedClock(START);
let app: TestApp;
let session: AuthPayloadData;
let appJwk: JWK & { kid: string };
let appKey: CryptoKey | Uint8Array;

beforeAll(async () => {
  const signingKeys = await testSigningKeys();
  const [first] = (JSON.parse(signingKeys) as { keys: (JWK & { kid: string })[] }).keys;
  if (first === undefined) throw new TypeError("the test signing keys hold no key");
  appJwk = first;
  appKey = await importJWK(appJwk, "RS256");
  app = await dynamoApp({ clock, signingKeys });
  session = await signUp(app);
});

beforeEach(() => clock.set(START));

const nowSeconds = () => Math.floor(clock.now() / 1000);

/** Claims exactly as the app would issue them for `session`, with a fresh `jti`. */
function claimsOf(from: AuthPayloadData = session): Record<string, unknown> {
  const { sub, sid } = decodeJwt(from.accessToken);
  const iat = nowSeconds();
  return {
    iss: TEST_ISSUER,
    aud: "gatehouse",
    sub,
    jti: base64url.encode(randomBytes(16)),
    sid,
    iat,
    exp: iat + TTL_SECONDS,
    roles: ["USER"],
  };
}

/**
 * Signs `claims` with the app's own signing key (or `key`): the header is the app's
 * `{alg: RS256, kid, typ: at+jwt}` with `header` merged over it; a header value of
 * `undefined` removes that parameter.
 */
function forge(
  claims: Record<string, unknown>,
  header: Record<string, unknown> = {},
  key: CryptoKey | Uint8Array = appKey,
): Promise<string> {
  const merged: Record<string, unknown> = {
    alg: "RS256",
    kid: appJwk.kid,
    typ: "at+jwt",
    ...header,
  };
  for (const [name, value] of Object.entries(merged)) if (value === undefined) delete merged[name];
  return new SignJWT(claims).setProtectedHeader(merged as JWTHeaderParameters).sign(key);
}

/** `claims` without the named ones. */
function without(claims: Record<string, unknown>, ...names: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(claims).filter(([name]) => !names.includes(name)));
}

const withAuthorization = (authorization: string, query = ME, variables = {}) =>
  app.graphql(query, variables, { headers: { authorization } });

const asBearer = (token: string, query = ME, variables = {}) =>
  withAuthorization(`Bearer ${token}`, query, variables);

/** The contract's 401 row: status, challenge, no data, and the one body for every reason. */
function expectInvalidToken(response: TestResponse) {
  expect(response.status).toBe(401);
  expect(response.headers["www-authenticate"]).toBe('Bearer error="invalid_token"');
  expect(response.headers["cache-control"]).toBe("no-store");
  expect(response.body).not.toHaveProperty("data");
  expect(errorOf(response)).toEqual({ code: "UNAUTHENTICATED", message: INVALID_TOKEN_MESSAGE });
  expect(response.text).toBe(INVALID_TOKEN_BODY);
}

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

  it("for a token signed by another key carrying the app's kid", async () => {
    const other = await generateSigningJwk("RS256");
    const otherKey = await importJWK({ ...other, kid: appJwk.kid }, "RS256");
    expectInvalidToken(await asBearer(await forge(claimsOf(), {}, otherKey)));
  });

  it("for a token that names its own key (jwk, jku) in the header: only configured keys verify", async () => {
    const other = await generateSigningJwk("RS256");
    const otherKey = await importJWK(other, "RS256");
    const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...otherPublic } = other;
    const token = await forge(
      claimsOf(),
      { kid: other.kid, jwk: otherPublic, jku: "https://attacker.test/jwks.json" },
      otherKey,
    );
    expectInvalidToken(await asBearer(token));
  });

  it("for a valid token whose payload was changed after signing", async () => {
    const [header, , signature] = session.accessToken.split(".");
    const payload = base64url.encode(
      JSON.stringify({ ...decodeJwt(session.accessToken), roles: ["USER", "ADMIN"] }),
    );
    expectInvalidToken(await asBearer(`${header}.${payload}.${signature}`));
  });

  it("for HS256 signed with the app's public key PEM as the HMAC secret (algorithm confusion)", async () => {
    const pem = createPublicKey({ key: appJwk as JsonWebKey, format: "jwk" }).export({
      type: "spki",
      format: "pem",
    });
    const token = await forge(claimsOf(), { alg: "HS256" }, new TextEncoder().encode(String(pem)));
    expectInvalidToken(await asBearer(token));
  });

  it('for an unsigned token (alg "none")', async () => {
    const part = (value: unknown) => base64url.encode(JSON.stringify(value));
    const token = `${part({ alg: "none", kid: appJwk.kid, typ: "at+jwt" })}.${part(claimsOf())}.`;
    expectInvalidToken(await asBearer(token));
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
    ["a user who does not exist", { sub: "00000000-0000-4000-8000-000000000000" }],
  ])("for a token with %s", async (_, changes) => {
    expectInvalidToken(await asBearer(await forge({ ...claimsOf(), ...changes })));
  });

  it.each(["iss", "aud", "sub", "jti", "sid", "iat", "exp", "roles"])(
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
    app.invoke(
      httpEvent({
        method: "GET",
        path: "/graphql",
        query: `query=${encodeURIComponent(query)}`,
        headers,
      }),
    );

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
