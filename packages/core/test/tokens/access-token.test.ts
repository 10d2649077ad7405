import { createHmac, createPublicKey, createSign, randomUUID } from "node:crypto";
import {
  ERROR_CODES,
  type ErrorCode,
  generateSigningJwk,
  INVALID_TOKEN_MESSAGE,
  type Jti,
  loadSigningKeys,
  type SessionId,
  type SigningKeySet,
  signAccessToken,
  type UserId,
} from "@gatehouse/core";
import { exportJWK, generateKeyPair, type JWTHeaderParameters, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import {
  ACCESS_TOKEN_TYPE,
  CLOCK_TOLERANCE_SECONDS,
  verifyAccessToken,
} from "../../src/tokens/access-token.js";
import { rejectionOf } from "../support/errors.js";

const settings = { issuer: "https://gatehouse.test", audience: "gatehouse", ttlSeconds: 900 };
const NOW = Date.UTC(2026, 0, 1, 12);
const NOW_S = NOW / 1000;
const subject = {
  sub: randomUUID() as UserId,
  sid: "AbCdEfGhIjKlMnOpQrStUv" as SessionId,
  sct: NOW - 60_000,
  jti: "ZyXwVuTsRqPoNmLkJiHgFe" as Jti,
  roles: ["USER"] as const,
};

let keys: SigningKeySet;
let kid: string;
/** A key pair the verifier has never been told about. */
let attacker: Awaited<ReturnType<typeof generateKeyPair>>;

beforeAll(async () => {
  const jwk = await generateSigningJwk("RS256");
  keys = await loadSigningKeys({ keys: [jwk] });
  kid = keys.active.kid;
  attacker = await generateKeyPair("RS256", { extractable: true });
});

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

function claims(overrides: Record<string, unknown> = {}, omit: readonly string[] = []) {
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
async function craft(
  payload: Record<string, unknown> = claims(),
  header: Record<string, unknown> = {},
  key: Parameters<SignJWT["sign"]>[0] = keys.active.key,
) {
  const protectedHeader = { alg: "RS256", kid, typ: ACCESS_TOKEN_TYPE, ...header };
  return new SignJWT(payload).setProtectedHeader(protectedHeader as JWTHeaderParameters).sign(key);
}

async function expectRejected(token: string, code: ErrorCode, now = NOW) {
  const error = await rejectionOf(verifyAccessToken(token, keys, settings, now));
  expect(error.code).toBe(code);
  expect(error.message).toBe(INVALID_TOKEN_MESSAGE);
}

describe("signing access tokens", () => {
  it("signs an RFC 9068 token with the active key and every claim verification needs", async () => {
    const issued = await signAccessToken(keys, settings, subject, NOW + 999, 0);
    const [header, payload] = issued.token
      .split(".")
      .slice(0, 2)
      .map((part) => JSON.parse(Buffer.from(part, "base64url").toString("utf8")));

    expect(header).toEqual({ alg: "RS256", kid, typ: "at+jwt" });
    expect(payload).toEqual({
      iss: settings.issuer,
      aud: settings.audience,
      sub: subject.sub,
      jti: subject.jti,
      sid: subject.sid,
      sct: subject.sct,
      cv: 0,
      roles: ["USER"],
      iat: NOW_S,
      exp: NOW_S + 900,
    });
    expect(issued.expiresIn).toBe(900);
    expect(issued.claims).toEqual({
      ...subject,
      cv: 0,
      roles: ["USER"],
      iat: NOW_S,
      exp: NOW_S + 900,
    });
  });

  it("never sets iat earlier than the user's access cutoff, even within the same second", async () => {
    const cutoff = NOW_S + 1;

    const issued = await signAccessToken(keys, settings, subject, NOW, cutoff);

    expect(issued.claims.iat).toBe(cutoff);
    expect(issued.claims.exp).toBe(cutoff + settings.ttlSeconds);
    expect(issued.expiresIn).toBe(settings.ttlSeconds + 1);
    // The second of skew it creates is well inside the tolerance every verifier allows.
    expect(await verifyAccessToken(issued.token, keys, settings, NOW)).toEqual(issued.claims);
  });

  it("uses the current second when the cutoff lies in the past", async () => {
    const issued = await signAccessToken(keys, settings, subject, NOW, NOW_S - 3600);
    expect(issued.claims.iat).toBe(NOW_S);
  });

  it("never lets a token outlive its session", async () => {
    const sessionEnds = NOW + 120_500;

    const issued = await signAccessToken(keys, settings, subject, NOW, 0, sessionEnds);

    expect(issued.claims.exp).toBe(NOW_S + 120);
    expect(issued.expiresIn).toBe(120);
    const later = await signAccessToken(keys, settings, subject, NOW, 0, NOW + 3_600_000);
    expect(later.claims.exp).toBe(NOW_S + settings.ttlSeconds);
  });
});

describe("verifying access tokens", () => {
  it("accepts a token it signed and returns its typed claims", async () => {
    const issued = await signAccessToken(keys, settings, subject, NOW, 0);
    expect(await verifyAccessToken(issued.token, keys, settings, NOW)).toEqual(issued.claims);
  });

  describe("algorithms and keys", () => {
    it("refuses an algorithm the key set does not name, even with a valid signature", async () => {
      const { privateKey } = await generateKeyPair("ES256");
      await expectRejected(
        await craft(claims(), { alg: "ES256" }, privateKey),
        ERROR_CODES.TOKEN_ALG_NOT_ALLOWED,
      );
    });

    it("refuses HS256 signed with the public key as the secret (algorithm confusion)", async () => {
      const publicPem = createPublicKey(keys.active.key).export({ type: "spki", format: "pem" });
      const header = b64({ alg: "HS256", kid, typ: ACCESS_TOKEN_TYPE });
      const payload = b64(claims());
      const signature = createHmac("sha256", publicPem)
        .update(`${header}.${payload}`)
        .digest("base64url");
      await expectRejected(`${header}.${payload}.${signature}`, ERROR_CODES.TOKEN_ALG_NOT_ALLOWED);
    });

    it("refuses an unsecured token (alg none)", async () => {
      // Its empty signature segment is not canonical compact JWS: refused before jose reads it.
      const token = `${b64({ alg: "none", typ: ACCESS_TOKEN_TYPE })}.${b64(claims())}.`;
      await expectRejected(token, ERROR_CODES.TOKEN_MALFORMED);
      // With a signature that is not empty, the algorithm itself is refused.
      await expectRejected(`${token}AAAA`, ERROR_CODES.TOKEN_ALG_NOT_ALLOWED);
    });

    it("ignores a key embedded in the header (jwk) and fails the signature", async () => {
      const jwk = await exportJWK(attacker.publicKey);
      await expectRejected(
        await craft(claims({ roles: ["USER", "ADMIN"] }), { jwk }, attacker.privateKey),
        ERROR_CODES.BAD_SIGNATURE,
      );
      await expectRejected(
        await craft(claims(), { jwk, kid: undefined }, attacker.privateKey),
        ERROR_CODES.BAD_SIGNATURE,
      );
    });

    it.each([
      ["jku", { jku: "https://attacker.example/jwks.json" }],
      ["x5u", { x5u: "https://attacker.example/cert.pem" }],
      ["x5c", { x5c: ["MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA"] }],
    ])("ignores a key location named in the header (%s)", async (_, header) => {
      await expectRejected(
        await craft(claims(), header, attacker.privateKey),
        ERROR_CODES.BAD_SIGNATURE,
      );
    });

    it("refuses a token whose kid names no configured key", async () => {
      await expectRejected(await craft(claims(), { kid: "unknown" }), ERROR_CODES.BAD_SIGNATURE);
    });

    it("refuses a token whose payload was changed after signing", async () => {
      const [header, , signature] = (await craft()).split(".");
      const forged = b64(claims({ roles: ["USER", "ADMIN"] }));
      await expectRejected(`${header}.${forged}.${signature}`, ERROR_CODES.BAD_SIGNATURE);
    });

    it("refuses a critical header extension it does not understand (RFC 7515 §4.1.11)", async () => {
      const header = b64({
        alg: "RS256",
        kid,
        typ: ACCESS_TOKEN_TYPE,
        crit: ["x-must"],
        "x-must": 1,
      });
      const payload = b64(claims());
      const signature = createSign("RSA-SHA256")
        .update(`${header}.${payload}`)
        .sign(keys.active.key, "base64url");
      await expectRejected(`${header}.${payload}.${signature}`, ERROR_CODES.TOKEN_MALFORMED);
    });

    it.each([
      ["noise", "not-a-token"],
      ["an empty string", ""],
      ["two segments", "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0"],
      ["a JWE (five segments)", "a.b.c.d.e"],
      ["a header that is not JSON", `${Buffer.from("{").toString("base64url")}.e30.c2ln`],
    ])("refuses %s as malformed", async (_, token) => {
      await expectRejected(token, ERROR_CODES.TOKEN_MALFORMED);
    });
  });

  describe("canonical compact serialisation", () => {
    /** Signs the exact text `header.payload` with the configured key, whatever its spelling. */
    const signedText = (header: string, payload: string) =>
      `${header}.${payload}.${createSign("RSA-SHA256").update(`${header}.${payload}`).sign(keys.active.key, "base64url")}`;
    /** The same bytes with non-zero unused low bits in the last character (RFC 4648 §3.5). */
    const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    const withTrailingBits = (segment: string) =>
      `${segment.slice(0, -1)}${ALPHABET[ALPHABET.indexOf(segment.at(-1) ?? "A") | 1]}`;
    const padded = (segment: string) => `${segment}${"=".repeat((4 - (segment.length % 4)) % 4)}`;

    it("refuses another spelling of a valid token's bytes as malformed", async () => {
      const header = b64({ alg: "RS256", kid, typ: ACCESS_TOKEN_TYPE });
      // An extra claim (ignored) moves the payload off a multiple of 3 bytes.
      const payload = ["", "x", "xx"]
        .map((note) => b64(claims({ note })))
        .find((segment) => segment.length % 4 !== 0) as string;
      const [, , signature = ""] = signedText(header, payload).split(".");
      // Each segment's length leaves unused bits, so each has other spellings.
      for (const segment of [header, payload, signature]) expect(segment.length % 4).not.toBe(0);
      expect(await verifyAccessToken(signedText(header, payload), keys, settings, NOW)).toEqual(
        expect.objectContaining({ sub: subject.sub }),
      );

      for (const token of [
        signedText(padded(header), payload),
        signedText(header, padded(payload)),
        `${header}.${payload}.${padded(signature)}`,
        signedText(withTrailingBits(header), payload),
        signedText(header, withTrailingBits(payload)),
        `${header}.${payload}.${withTrailingBits(signature)}`,
        `${header}.${payload}.${signature.slice(0, 100)} ${signature.slice(100)}`,
        `${header}.${payload}.${signature.slice(0, 100)}\n${signature.slice(100)}`,
        signedText(` ${header}`, payload),
      ]) {
        await expectRejected(token, ERROR_CODES.TOKEN_MALFORMED);
      }
    });
  });

  describe("issuer, audience and type", () => {
    it.each([
      ["another issuer", claims({ iss: "https://evil.example" })],
      ["another audience", claims({ aud: "someone-else" })],
      ["an audience list without ours", claims({ aud: ["someone-else", "another"] })],
    ])("refuses %s", async (_, payload) => {
      await expectRejected(await craft(payload), ERROR_CODES.TOKEN_CLAIM_INVALID);
    });

    it("refuses a token without typ at+jwt (RFC 9068 §4)", async () => {
      await expectRejected(await craft(claims(), { typ: "JWT" }), ERROR_CODES.TOKEN_CLAIM_INVALID);
      await expectRejected(
        await craft(claims(), { typ: undefined }),
        ERROR_CODES.TOKEN_CLAIM_INVALID,
      );
    });

    it("accepts the media-type spelling application/at+jwt (RFC 9068 §4)", async () => {
      const token = await craft(claims(), { typ: "application/at+jwt" });
      expect((await verifyAccessToken(token, keys, settings, NOW)).sub).toBe(subject.sub);
    });
  });

  describe("required claims", () => {
    it.each(["iss", "aud", "sub", "jti", "sid", "sct", "iat", "exp", "roles"])(
      "refuses a token without %s",
      async (claim) => {
        await expectRejected(await craft(claims({}, [claim])), ERROR_CODES.TOKEN_CLAIM_INVALID);
      },
    );

    it.each([
      ["a sub that is not a user id", { sub: "admin" }],
      ["a sid that is not a session id", { sid: "session-1" }],
      ["a jti that is not a token id", { jti: "1" }],
      ["a session start that is not a time in ms", { sct: "2026-01-01" }],
      ["a session start that is not a whole number", { sct: 1.5 }],
      ["a negative session start", { sct: -1 }],
      ["roles that are not a list", { roles: "ADMIN" }],
      ["a role that does not exist", { roles: ["USER", "ROOT"] }],
    ])("refuses %s", async (_, overrides) => {
      await expectRejected(await craft(claims(overrides)), ERROR_CODES.TOKEN_CLAIM_INVALID);
    });
  });

  describe("time", () => {
    it("allows 5 seconds of clock skew", () => {
      expect(CLOCK_TOLERANCE_SECONDS).toBe(5);
    });

    it("accepts a token 4 s past exp and refuses one 5 s past", async () => {
      const recent = await craft(claims({ iat: NOW_S - 904, exp: NOW_S - 4 }));
      expect((await verifyAccessToken(recent, keys, settings, NOW)).exp).toBe(NOW_S - 4);
      await expectRejected(
        await craft(claims({ iat: NOW_S - 905, exp: NOW_S - 5 })),
        ERROR_CODES.TOKEN_EXPIRED,
      );
    });

    it("accepts iat up to 5 s in the future and refuses it further ahead", async () => {
      const ahead = (seconds: number) =>
        craft(claims({ iat: NOW_S + seconds, exp: NOW_S + seconds + 900 }));
      expect((await verifyAccessToken(await ahead(5), keys, settings, NOW)).iat).toBe(NOW_S + 5);
      await expectRejected(await ahead(6), ERROR_CODES.TOKEN_CLAIM_INVALID);
    });

    it("refuses a token issued longer ago than the lifetime, whatever its exp says", async () => {
      await expectRejected(
        await craft(claims({ iat: NOW_S - 906, exp: NOW_S + 3600 })),
        ERROR_CODES.TOKEN_EXPIRED,
      );
    });

    it("refuses a fresh token whose exp - iat is longer than the configured lifetime", async () => {
      await expectRejected(
        await craft(claims({ iat: NOW_S, exp: NOW_S + 901 })),
        ERROR_CODES.TOKEN_CLAIM_INVALID,
      );
      const exact = await craft(claims({ iat: NOW_S, exp: NOW_S + 900 }));
      expect((await verifyAccessToken(exact, keys, settings, NOW)).exp).toBe(NOW_S + 900);
    });

    it("refuses a token that is not yet valid (nbf beyond the skew)", async () => {
      await expectRejected(
        await craft(claims({ nbf: NOW_S + 60 })),
        ERROR_CODES.TOKEN_CLAIM_INVALID,
      );
    });

    it("uses the injected time, not the wall clock", async () => {
      const issued = await signAccessToken(keys, settings, subject, NOW, 0);
      await expectRejected(issued.token, ERROR_CODES.TOKEN_EXPIRED, NOW + 3_600_000);
    });
  });
});
