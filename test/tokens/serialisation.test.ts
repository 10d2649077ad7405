import { fixedClock } from "@gatehouse/testing";
import { base64url, CompactEncrypt, importJWK } from "jose";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type AuthPayloadData, dataOf, REVOKE } from "../support/gql.js";
import { type TokenFixture, tokenFixture } from "../support/token-fixture.js";
import { expectInvalidToken, segment, type TokenLab } from "../support/tokens.js";

// Attacks on the access token's structure: critical headers, other serialisations and other
// spellings of one token. Each answers the contract's one 401 body. Claims changed under a
// kept signature are in claims.test.ts; tokens sent outside the header in presentation.test.ts.

const START = Date.UTC(2026, 0, 1);
const clock = fixedClock(START);
let lab: TokenLab;
let session: AuthPayloadData;
let publicJwk: TokenFixture["publicJwk"];
let asBearer: TokenFixture["asBearer"];
let expectSignedInAs: TokenFixture["expectSignedInAs"];
let validParts: TokenFixture["validParts"];
let rawSigned: TokenFixture["rawSigned"];
let signText: TokenFixture["signText"];

beforeAll(async () => {
  ({ lab, session, publicJwk, asBearer, expectSignedInAs, validParts, rawSigned, signText } =
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

describe("non-canonical spellings of a token answer 401", () => {
  // Base64url decoders (jose's among them) forgive padding, some stray characters and the
  // unused low bits of a segment's last character, so one signature had several spellings
  // that verified. Only the canonical spelling is a token (RFC 7515 §2, RFC 4648 §3.5).
  const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  /** The same bytes with the lowest unused bit of the last character set. */
  const withTrailingBits = (segment: string) =>
    `${segment.slice(0, -1)}${ALPHABET[ALPHABET.indexOf(segment.at(-1) ?? "A") | 1]}`;
  const padded = (segment: string) => `${segment}${"=".repeat((4 - (segment.length % 4)) % 4)}`;

  /**
   * A fresh valid token of the victim's in its three segments, each of a length that leaves
   * unused bits (an ignored extra claim moves the payload off a multiple of 3 bytes).
   */
  async function unalignedParts(): Promise<[string, string, string]> {
    for (const note of ["", "x", "xx"]) {
      const token = await lab.forge({ ...lab.claimsOf(session), note });
      const parts = token.split(".") as [string, string, string];
      if (parts.every((part) => part.length % 4 !== 0)) return parts;
    }
    throw new Error("no unaligned token");
  }

  /** Every non-canonical spelling of the token `h.p.s`, re-signed where the signed text changed. */
  function spellings([h, p, s]: [string, string, string]): [string, string][] {
    return [
      ["padding on the header", signText(padded(h), p)],
      ["padding on the payload", signText(h, padded(p))],
      ["padding on the signature", `${h}.${p}.${padded(s)}`],
      ["trailing non-zero bits in the header", signText(withTrailingBits(h), p)],
      ["trailing non-zero bits in the payload", signText(h, withTrailingBits(p))],
      ["trailing non-zero bits in the signature", `${h}.${p}.${withTrailingBits(s)}`],
      ["a space inside the signature", `${h}.${p}.${s.slice(0, 100)} ${s.slice(100)}`],
      ["a tab inside the payload", signText(h, `${p.slice(0, 10)}\t${p.slice(10)}`)],
    ];
  }

  it("control: the canonical spelling signs the victim in", async () => {
    expectSignedInAs(await asBearer((await unalignedParts()).join(".")), session);
  });

  it("refuses a token whose signature carries base64 padding", async () => {
    const [h, p, s] = await unalignedParts();
    expect(s.length % 4).toBe(2);
    expectInvalidToken(await asBearer(`${h}.${p}.${s}==`));
  });

  it.each(["header", "payload", "signature"])(
    "refuses a token whose %s has non-zero trailing bits",
    async (segmentName) => {
      const parts = await unalignedParts();
      const variant = spellings(parts).find(
        ([name]) => name === `trailing non-zero bits in the ${segmentName}`,
      );
      expectInvalidToken(await asBearer(variant?.[1] ?? ""));
    },
  );

  it("refuses a stray character in a segment", async () => {
    const [h, p, s] = await unalignedParts();
    for (const stray of ["~", "+", "/"]) {
      expectInvalidToken(await asBearer(`${h}.${p}.${s.slice(0, 100)}${stray}${s.slice(100)}`));
    }
  });

  it("refuses a segment whose length is 1 mod 4", async () => {
    const [h, p, s] = await unalignedParts();
    // Three more characters after a length of 2 mod 4 make it 1 mod 4: no whole byte ends it.
    expectInvalidToken(await asBearer(`${h}.${p}.${s}AAA`));
    expectInvalidToken(await asBearer(signText(`${h}AAA`, p)));
  });

  it("revoke(token) given another spelling of a token leaves that token live", async () => {
    // revoke takes the token as an argument, so every spelling reaches the verifier, padding
    // and whitespace included; none of them names a token, so none revokes one (RFC 7009 §2.2).
    const parts = await unalignedParts();
    const token = parts.join(".");
    for (const [name, variant] of spellings(parts)) {
      expect(dataOf(await asBearer(token, REVOKE, { token: variant }), "revoke"), name).toBe(true);
      expectSignedInAs(await asBearer(token), session);
    }
  });
});
