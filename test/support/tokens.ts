/**
 * Token forging for the integration tests: the contract's 401 as one assertion, and tokens
 * signed with the app's own key (or another) the way the app signs them, so each test changes
 * exactly one thing about an otherwise valid token.
 */
import { randomBytes } from "node:crypto";
import type { Clock } from "@gatehouse/core";
import { TEST_ISSUER, type TestResponse } from "@gatehouse/testing";
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
import { type AuthPayloadData, errorOf } from "./gql.js";

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
      const { sub, sid, iss, aud, roles } = decodeJwt(session.accessToken);
      const iat = Math.floor(clock.now() / 1000);
      return {
        iss: iss ?? TEST_ISSUER,
        aud,
        sub,
        jti: base64url.encode(randomBytes(16)),
        sid,
        iat,
        exp: iat + ttlSeconds,
        roles,
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
