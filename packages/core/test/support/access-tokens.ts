import { randomUUID } from "node:crypto";
import {
  type ErrorCode,
  generateSigningJwk,
  INVALID_TOKEN_MESSAGE,
  type Jti,
  loadSigningKeys,
  type SessionId,
  type SigningKeySet,
  type UserId,
} from "@gatehouse/core";
import { generateKeyPair, type JWTHeaderParameters, SignJWT } from "jose";
import { expect } from "vitest";
import { ACCESS_TOKEN_TYPE, verifyAccessToken } from "../../src/tokens/access-token.js";
import { rejectionOf } from "./errors.js";

// What the access-token tests share: settings, a fixed time, one subject, the keys (loaded by
// `loadTestKeys` in each file's beforeAll) and helpers that craft tokens as an attacker might.

export const settings = {
  issuer: "https://gatehouse.test",
  audience: "gatehouse",
  ttlSeconds: 900,
};
export const NOW = Date.UTC(2026, 0, 1, 12);
export const NOW_S = NOW / 1000;
export const subject = {
  sub: randomUUID() as UserId,
  sid: "AbCdEfGhIjKlMnOpQrStUv" as SessionId,
  sct: NOW - 60_000,
  jti: "ZyXwVuTsRqPoNmLkJiHgFe" as Jti,
  roles: ["USER"] as const,
};

export let keys: SigningKeySet;
export let kid: string;
/** A key pair the verifier has never been told about. */
export let attacker: Awaited<ReturnType<typeof generateKeyPair>>;

/** Loads the keys above; call it from `beforeAll`. */
export async function loadTestKeys() {
  const jwk = await generateSigningJwk("RS256");
  keys = await loadSigningKeys({ keys: [jwk] });
  kid = keys.active.kid;
  attacker = await generateKeyPair("RS256", { extractable: true });
}

export const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

export function claims(overrides: Record<string, unknown> = {}, omit: readonly string[] = []) {
  const all: Record<string, unknown> = {
    iss: settings.issuer,
    aud: settings.audience,
    sub: subject.sub,
    jti: subject.jti,
    sid: subject.sid,
    sct: subject.sct,
    roles: ["USER"],
    iat: NOW_S,
    exp: NOW_S + settings.ttlSeconds,
    ...overrides,
  };
  for (const name of omit) delete all[name];
  return all;
}

/**
 * Signs arbitrary claims and header with the configured key (or `key`), as an attacker might.
 * A header member set to `undefined` is left out.
 */
export async function craft(
  payload: Record<string, unknown> = claims(),
  header: Record<string, unknown> = {},
  key: Parameters<SignJWT["sign"]>[0] = keys.active.key,
) {
  const protectedHeader = { alg: "RS256", kid, typ: ACCESS_TOKEN_TYPE, ...header };
  return new SignJWT(payload).setProtectedHeader(protectedHeader as JWTHeaderParameters).sign(key);
}

export async function expectRejected(token: string, code: ErrorCode, now = NOW) {
  const error = await rejectionOf(verifyAccessToken(token, keys, settings, now));
  expect(error.code).toBe(code);
  expect(error.message).toBe(INVALID_TOKEN_MESSAGE);
}
