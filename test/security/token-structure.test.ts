import { fixedClock, httpEvent, type TestApp } from "@gatehouse/testing";
import { base64url, CompactEncrypt, decodeJwt, decodeProtectedHeader, importJWK } from "jose";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type AuthPayloadData, dataOf, LOGOUT, REVOKE, signUp } from "../support/gql.js";
import { expectInvalidToken, segment, type TokenLab } from "../support/tokens.js";
import { type TokenFixture, tokenFixture } from "./support/token-fixture.js";

// Attacks on the access token's structure: critical headers, other serialisations, claims
// changed under a valid signature, time claims, other spellings of one token, and tokens
// sent anywhere but the Authorization header. Each answers the contract's one 401 body.

const START = Date.UTC(2026, 0, 1);
const clock = fixedClock(START);
let app: TestApp;
let lab: TokenLab;
let session: AuthPayloadData;
let other: AuthPayloadData;
let publicJwk: TokenFixture["publicJwk"];
let asBearer: TokenFixture["asBearer"];
let expectSignedInAs: TokenFixture["expectSignedInAs"];
let validParts: TokenFixture["validParts"];
let rawSigned: TokenFixture["rawSigned"];

beforeAll(async () => {
  ({ app, lab, session, other, publicJwk, asBearer, expectSignedInAs, validParts, rawSigned } =
    await tokenFixture(clock));
});

beforeEach(() => clock.set(START));

describe("critical header extensions (RFC 7515 §4.1.11) answer 401", () => {
  it.each<[string, Record<string, unknown>]>([
    ["an extension the server does not know", { crit: ["x-gatehouse"], "x-gatehouse": true }],
    ["an empty crit list", { crit: [] }],
    ["a critical parameter that is absent", { crit: ["x-missing"] }],
    ["crit naming a registered parameter", { crit: ["exp"] }],
  ])("for %s", async (_, header) => {
    expectInvalidToken(await asBearer(rawSigned(header)));
  });

  it("for an unencoded payload (b64: false, RFC 7797), signed with the app's key", async () => {
    // The payload segment is the same base64url text as in any token, so the signature is
    // valid either way; only a verifier that honoured b64 would read the claims differently.
    // JWTs must never use an unencoded payload.
    expectInvalidToken(await asBearer(rawSigned({ b64: false, crit: ["b64"] })));
  });
});

describe("other serialisations answer 401", () => {
  it("for a JWE encrypted to the app's public key (five segments)", async () => {
    const { alg: _alg, use: _use, ...unbound } = publicJwk;
    const key = await importJWK(unbound, "RSA-OAEP-256");
    const token = await new CompactEncrypt(
      new TextEncoder().encode(JSON.stringify(lab.claimsOf(session))),
    )
      .setProtectedHeader({ alg: "RSA-OAEP-256", enc: "A256GCM", kid: lab.jwk.kid, cty: "JWT" })
      .encrypt(key);
    expect(token.split(".")).toHaveLength(5);
    expectInvalidToken(await asBearer(token));
  });

  it("for a JWE-shaped token with alg dir and garbage segments", async () => {
    const header = segment({ alg: "dir", enc: "A128GCM", kid: lab.jwk.kid });
    const [, payload] = await validParts();
    expectInvalidToken(await asBearer(`${header}..${base64url.encode("iv")}.${payload}.AAAA`));
  });

  it("for a valid token with a fourth segment appended", async () => {
    expectInvalidToken(
      await asBearer(`${session.accessToken}.${session.accessToken.split(".")[2]}`),
    );
  });

  it.each<[string, (parts: [string, string, string]) => string]>([
    [
      "the flattened JSON serialisation",
      ([h, p, s]) => JSON.stringify({ protected: h, payload: p, signature: s }),
    ],
    [
      "the general JSON serialisation",
      ([h, p, s]) => JSON.stringify({ payload: p, signatures: [{ protected: h, signature: s }] }),
    ],
    [
      "the flattened JSON serialisation, base64url-encoded",
      ([h, p, s]) => base64url.encode(JSON.stringify({ protected: h, payload: p, signature: s })),
    ],
  ])("for a valid token in %s", async (_, serialise) => {
    const [h, p, s] = session.accessToken.split(".") as [string, string, string];
    expectInvalidToken(await asBearer(serialise([h, p, s])));
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

describe("non-canonical base64url encodings of one token", () => {
  // Base64url decoders forgive padding and the unused low bits of the last character, so one
  // signature has several spellings that verify. Revocation is by jti, never by the token's
  // text, so every spelling of a revoked token stays revoked.
  const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  function spellings(token: string): string[] {
    const [h, p, s = ""] = token.split(".");
    const last = ALPHABET.indexOf(s.at(-1) ?? "A");
    // An RS256 signature is 256 bytes: 342 characters whose last one carries 4 unused bits.
    return [1, 2, 3]
      .map((bits) => `${h}.${p}.${s.slice(0, -1)}${ALPHABET[last ^ bits]}`)
      .concat(`${h}.${p}.${s}==`);
  }

  it("are accepted as that same token while it is live (the control)", async () => {
    const own = await signUp(app);
    for (const variant of spellings(own.accessToken)) {
      expect(variant).not.toBe(own.accessToken);
      expectSignedInAs(await asBearer(variant), own);
    }
  });

  it("all answer 401 once the token is revoked by its jti", async () => {
    const own = await signUp(app);
    expect(dataOf(await asBearer(own.accessToken, REVOKE), "revoke")).toBe(true);
    for (const variant of spellings(own.accessToken)) expectInvalidToken(await asBearer(variant));
  });

  it("all answer 401 once a variant is revoked in place of the original", async () => {
    const own = await signUp(app);
    const [first, ...rest] = spellings(own.accessToken);
    expect(dataOf(await asBearer(first ?? "", REVOKE), "revoke")).toBe(true);
    for (const variant of [own.accessToken, ...rest]) expectInvalidToken(await asBearer(variant));
  });

  it("all answer 401 once the token's session has ended", async () => {
    const own = await signUp(app);
    expect(dataOf(await asBearer(own.accessToken, LOGOUT), "logout")).toBe(true);
    for (const variant of spellings(own.accessToken)) expectInvalidToken(await asBearer(variant));
  });
});

describe("tokens outside the Authorization header", () => {
  // RFC 6750 §2.2 and §2.3 allow form and query parameters; Gatehouse reads the header only,
  // so a token in a URL (logged by every proxy) never authenticates anything.
  it("ignores access_token in the query string: the caller stays anonymous", async () => {
    const response = await app.invoke(
      httpEvent({
        method: "GET",
        path: "/graphql",
        query: `query=${encodeURIComponent("{ me { id } }")}&access_token=${session.accessToken}`,
        headers: { "apollo-require-preflight": "true" },
      }),
    );
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({ me: null });
    expect(response.body.errors[0].extensions.code).toBe("UNAUTHENTICATED");
  });

  it("ignores access_token in the JSON body: the caller stays anonymous", async () => {
    const response = await app.invoke(
      httpEvent({
        method: "POST",
        path: "/graphql",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ me { id } }", access_token: session.accessToken }),
      }),
    );
    expect(response.body.data).toEqual({ me: null });
    expect(response.body.errors[0].extensions.code).toBe("UNAUTHENTICATED");
  });
});
