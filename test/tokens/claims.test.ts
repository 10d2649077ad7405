import { fixedClock } from "@gatehouse/testing";
import { TEST_ISSUER, type TestApp } from "@gatehouse/testing/http";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type AuthPayloadData,
  dataOf,
  LOGIN,
  LOGOUT,
  PASSWORD,
  REVOKE,
  signUp,
  uniqueEmail,
} from "../support/gql.js";
import { type TokenFixture, tokenFixture } from "../support/token-fixture.js";
import { expectInvalidToken, segment } from "../support/tokens.js";

// What makes an access token valid once it is presented: its header's typ, every claim
// (RFC 9068 §2.2, §4), the times with their 5 s tolerance, the session it belongs to, and
// claims changed under a kept signature. Each refusal is the contract's one 401 body.

const START = Date.UTC(2026, 0, 1);
const TTL_SECONDS = 900;

const clock = fixedClock(START);
let app: TestApp;
let session: AuthPayloadData;
let other: AuthPayloadData;
let lab: TokenFixture["lab"];
let asBearer: TokenFixture["asBearer"];
let expectSignedInAs: TokenFixture["expectSignedInAs"];

beforeAll(async () => {
  ({ app, session, other, lab, asBearer, expectSignedInAs } = await tokenFixture(clock));
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

describe("a valid access token", () => {
  it("is accepted when the test signs it the way the app does (the control for every forged case)", async () => {
    expectSignedInAs(await asBearer(await forge(claimsOf())), session);
  });

  it("still works up to 5 s after exp (the allowed clock skew)", async () => {
    const { exp } = decodeJwt(session.accessToken);
    clock.set((exp ?? 0) * 1000 + 4_999);
    expectSignedInAs(await asBearer(session.accessToken), session);
  });

  it("is accepted with an iat up to 5 s ahead of the server's clock", async () => {
    const claims = claimsOf();
    const iat = nowSeconds() + 5;
    expectSignedInAs(
      await asBearer(await forge({ ...claims, iat, exp: iat + TTL_SECONDS })),
      session,
    );
  });
});

describe("an Authorization header that is not a valid access token answers 401", () => {
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

describe("claims changed under the original signature answer 401", () => {
  /** The session's own token with `changes` spliced into its payload, signature kept. */
  function tampered(
    token: string,
    changes: Record<string, unknown>,
    header?: Record<string, unknown>,
  ) {
    const [h = "", , s = ""] = token.split(".");
    const newHeader =
      header === undefined ? h : segment({ ...decodeProtectedHeader(token), ...header });
    return `${newHeader}.${segment({ ...decodeJwt(token), ...changes })}.${s}`;
  }

  it.each<[string, () => Record<string, unknown>]>([
    ["roles raised to ADMIN", () => ({ roles: ["USER", "ADMIN"] })],
    ["the subject of another user", () => ({ sub: other.user.id })],
    ["exp pushed a day later", () => ({ exp: (decodeJwt(session.accessToken).exp ?? 0) + 86_400 })],
    ["a fresh jti", () => ({ jti: "AAAAAAAAAAAAAAAAAAAAAA" })],
    ["the session of another user", () => ({ sid: decodeJwt(other.accessToken).sid })],
  ])("for %s", async (_, changes) => {
    expectInvalidToken(await asBearer(tampered(session.accessToken, changes())));
  });

  it("for the header's typ changed and the signature kept", async () => {
    expectInvalidToken(await asBearer(tampered(session.accessToken, {}, { typ: "JWT" })));
  });

  it("for a revoked token given a fresh jti to slip past the denylist", async () => {
    const own = await signUp(app);
    expect(dataOf(await asBearer(own.accessToken, REVOKE), "revoke")).toBe(true);
    expectInvalidToken(
      await asBearer(tampered(own.accessToken, { jti: "AAAAAAAAAAAAAAAAAAAAAA" })),
    );
  });
});

describe("nbf (not before)", () => {
  const at = (offset: number) => {
    const claims = lab.claimsOf(session);
    return lab.forge({ ...claims, nbf: (claims.iat as number) + offset });
  };

  it("is honoured up to the 5 s clock tolerance", async () => {
    expectSignedInAs(await asBearer(await at(5)), session);
  });

  it("answers 401 beyond the tolerance", async () => {
    expectInvalidToken(await asBearer(await at(6)));
    expectInvalidToken(await asBearer(await at(3600)));
  });
});
