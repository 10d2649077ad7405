import { createRoleSet, ERROR_CODES, signAccessToken } from "@gatehouse/core";
import { beforeAll, describe, expect, it } from "vitest";
import { CLOCK_TOLERANCE_SECONDS, verifyAccessToken } from "../../src/tokens/access-token.js";
import {
  claims,
  craft,
  expectRejected,
  keys,
  loadTestKeys,
  NOW,
  NOW_S,
  settings,
  subject,
} from "../support/access-tokens.js";

beforeAll(loadTestKeys);

describe("verifying access tokens", () => {
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

    it("accepts a configured role and refuses it where the set lacks it", async () => {
      const token = await craft(claims({ roles: ["USER", "EDITOR"] }));
      const roles = createRoleSet(["USER", "EDITOR", "ADMIN"]);
      const verified = await verifyAccessToken(token, keys, { ...settings, roles }, NOW);
      expect(verified.roles).toEqual(["USER", "EDITOR"]);
      await expectRejected(token, ERROR_CODES.TOKEN_CLAIM_INVALID);
    });
  });

  describe("assurance claims", () => {
    it("reads a token without auth_time, acr and amr as aal1 pwd at the session's start", async () => {
      const verified = await verifyAccessToken(await craft(claims()), keys, settings, NOW);
      expect(verified).toMatchObject({
        auth_time: Math.floor(subject.sct / 1000),
        acr: "aal1",
        amr: ["pwd"],
      });
    });

    it("reads the assurance claims a token carries", async () => {
      const token = await craft(
        claims({ auth_time: NOW_S - 100, acr: "aal2", amr: ["pwd", "otp", "mfa"] }),
      );
      expect(await verifyAccessToken(token, keys, settings, NOW)).toMatchObject({
        auth_time: NOW_S - 100,
        acr: "aal2",
        amr: ["pwd", "otp", "mfa"],
      });
    });

    const good = { auth_time: NOW_S - 100, acr: "aal1", amr: ["pwd"] };
    it.each([
      ["an acr that is not an AAL", { ...good, acr: "aal3" }],
      ["an amr that is not a list", { ...good, amr: "pwd" }],
      ["an empty amr", { ...good, amr: [] }],
      ["an amr value Gatehouse never issues", { ...good, amr: ["pwd", "face"] }],
      ["an auth_time that is not a time", { ...good, auth_time: "yesterday" }],
      ["an auth_time after iat", { ...good, auth_time: NOW_S + 6 }],
      ["auth_time without acr and amr", { auth_time: NOW_S - 100 }],
      ["acr without auth_time", { acr: "aal2", amr: ["pwd"] }],
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
