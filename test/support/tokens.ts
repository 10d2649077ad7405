/**
 * Token forging for the integration tests: the contract's 401 as one assertion, whether an
 * access or refresh token still works on the next request, and tokens signed with the app's
 * own key (or another) the way the app signs them, so each test changes exactly one thing
 * about an otherwise valid token.
 */
import { randomBytes } from "node:crypto";
import type { Clock } from "@gatehouse/core";
import { TEST_ISSUER, type TestApp, type TestResponse } from "@gatehouse/testing/http";
import {
  base64url,
  type CryptoKey,
  decodeJwt,
  importJWK,
  type JWK,
  type JWTHeaderParameters,
  SignJWT,
} from "jose";
import { expect } from "vitest";
import { type AuthPayloadData, errorOf, ME, type PublicError, REFRESH, refresh } from "./gql.js";

export const INVALID_TOKEN_MESSAGE = "The access token is invalid, expired or revoked.";
/** Every rejected `Authorization` gets exactly this body (Apollo ends it with a newline). */
export const INVALID_TOKEN_BODY = `${JSON.stringify({
  errors: [{ message: INVALID_TOKEN_MESSAGE, extensions: { code: "UNAUTHENTICATED" } }],
})}\n`;

/** The contract's 401 row: status, challenge, no data, and the one body for every reason. */
export function expectInvalidToken(response: TestResponse) {
  expect(response.status).toBe(401);
  expect(response.headers["www-authenticate"]).toBe('Bearer error="invalid_token"');
  expect(response.headers["cache-control"]).toBe("no-store");
  expect(response.body).not.toHaveProperty("data");
  expect(errorOf(response)).toEqual({ code: "UNAUTHENTICATED", message: INVALID_TOKEN_MESSAGE });
  expect(response.text).toBe(INVALID_TOKEN_BODY);
}

/** What `refresh` answers for any refresh token it does not accept, whatever the reason. */
export const INVALID_REFRESH_TOKEN: PublicError = {
  code: "UNAUTHENTICATED",
  message: "The refresh token is invalid or expired. Sign in again.",
};

/** The access token signs its caller in: `me` answers with the token's subject. */
export async function expectAccessWorks(app: TestApp, accessToken: string) {
  const response = await app.graphql(ME, {}, { token: accessToken });
  expect(response.status).toBe(200);
  expect(response.body.errors).toBeUndefined();
  expect(response.body.data.me.id).toBe(decodeJwt(accessToken).sub);
}

/** The access token is refused on the very next request with the contract's 401. */
export async function expectAccessRefused(app: TestApp, accessToken: string) {
  expectInvalidToken(await app.graphql(ME, {}, { token: accessToken }));
}

/** The refresh token rotates, and the access token it yields works; returns the new pair. */
export async function expectRefreshWorks(
  app: TestApp,
  refreshToken: string,
): Promise<AuthPayloadData> {
  const next = await refresh(app, refreshToken);
  await expectAccessWorks(app, next.accessToken);
  return next;
}

/** `refresh` with this token answers UNAUTHENTICATED (HTTP 200, no payload). */
export async function expectRefreshRefused(app: TestApp, refreshToken: string) {
  const response = await app.graphql(REFRESH, { refreshToken });
  expect(response.status).toBe(200);
  expect(response.body.data).toBeNull();
  expect(errorOf(response)).toEqual(INVALID_REFRESH_TOKEN);
}

/**
 * The token with the first character of its signature changed: still canonical compact JWS,
 * so it reaches signature verification, and fails there.
 */
export function withBadSignature(token: string): string {
  const [header, payload, signature = ""] = token.split(".");
  return `${header}.${payload}.${signature.startsWith("A") ? "B" : "A"}${signature.slice(1)}`;
}

/** base64url of the JSON of `value`: one segment of a hand-built token. */
export const segment = (value: unknown) => base64url.encode(JSON.stringify(value));

/** What forging needs to know about the app: its signing key and clock. */
export interface TokenLab {
  /** The app's private signing JWK. */
  readonly jwk: JWK & { kid: string; alg: string };
  /** The same key, imported for signing. */
  readonly key: CryptoKey | Uint8Array;
  /** Claims exactly as the app would issue them for `session`, with a fresh `jti`. */
  claimsOf(session: AuthPayloadData): Record<string, unknown>;
  /**
   * Signs `claims` with the app's key (or `key`); the header is the app's `{alg, kid, typ}`
   * with `header` merged over it, and a header value of `undefined` removes that parameter.
   */
  forge(
    claims: Record<string, unknown>,
    header?: Record<string, unknown>,
    key?: CryptoKey | Uint8Array,
  ): Promise<string>;
}

/** A lab for the app built from `signingKeys` (a JWK Set JSON) whose clock is `clock`. */
export async function tokenLab(
  signingKeys: string,
  clock: Clock,
  ttlSeconds = 900,
): Promise<TokenLab> {
  const [first] = (JSON.parse(signingKeys) as { keys: (JWK & { kid: string; alg: string })[] })
    .keys;
  if (first === undefined) throw new TypeError("the signing key set holds no key");
  const key = await importJWK(first, first.alg);
  return {
    jwk: first,
    key,
    claimsOf(session) {
      const { sub, sid, sct, iss, aud, roles, auth_time, acr, amr } = decodeJwt(
        session.accessToken,
      );
      const iat = Math.floor(clock.now() / 1000);
      return {
        iss: iss ?? TEST_ISSUER,
        aud,
        sub,
        jti: base64url.encode(randomBytes(16)),
        sid,
        sct,
        iat,
        exp: iat + ttlSeconds,
        roles,
        auth_time,
        acr,
        amr,
      };
    },
    forge(claims, header = {}, signWith = key) {
      const merged: Record<string, unknown> = {
        alg: first.alg,
        kid: first.kid,
        typ: "at+jwt",
        ...header,
      };
      for (const [name, value] of Object.entries(merged)) {
        if (value === undefined) delete merged[name];
      }
      return new SignJWT(claims).setProtectedHeader(merged as JWTHeaderParameters).sign(signWith);
    },
  };
}
