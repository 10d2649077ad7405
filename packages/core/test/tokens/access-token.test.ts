import { createHmac, createPublicKey, createSign } from "node:crypto";
import { ERROR_CODES, signAccessToken } from "@gatehouse/core";
import { exportJWK, generateKeyPair } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { ACCESS_TOKEN_TYPE, verifyAccessToken } from "../../src/tokens/access-token.js";
import {
  attacker,
  b64,
  claims,
  craft,
  expectRejected,
  keys,
  kid,
  loadTestKeys,
  NOW,
  NOW_S,
  settings,
  subject,
} from "../support/access-tokens.js";

beforeAll(loadTestKeys);

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
      auth_time: Math.floor(subject.sct / 1000),
      acr: "aal1",
      amr: ["pwd"],
      iat: NOW_S,
      exp: NOW_S + 900,
    });
    expect(issued.expiresIn).toBe(900);
    expect(issued.claims).toEqual({
      ...subject,
      cv: 0,
      roles: ["USER"],
      auth_time: Math.floor(subject.sct / 1000),
      acr: "aal1",
      amr: ["pwd"],
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
});
