import { generateKeyPairSync, randomUUID } from "node:crypto";
import {
  ERROR_CODES,
  generateSigningJwk,
  type Jti,
  loadSigningKeys,
  type SessionId,
  SIGNING_ALGORITHMS,
  type SigningAlgorithm,
  signAccessToken,
  type UserId,
} from "@gatehouse/core";
import { calculateJwkThumbprint, type JWK } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { verifyAccessToken } from "../../src/tokens/access-token.js";
import { rejectionOf } from "../support/errors.js";

const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];
const settings = { issuer: "https://gatehouse.test", audience: "gatehouse", ttlSeconds: 900 };
const NOW = Date.UTC(2026, 0, 1);
const subject = {
  sub: randomUUID() as UserId,
  sid: "AbCdEfGhIjKlMnOpQrStUv" as SessionId,
  sct: Date.UTC(2026, 0, 1),
  jti: "ZyXwVuTsRqPoNmLkJiHgFe" as Jti,
  roles: ["USER"] as const,
};

function publicOnly(jwk: JWK): JWK {
  return Object.fromEntries(
    Object.entries(jwk).filter(([name]) => !PRIVATE_MEMBERS.includes(name)),
  ) as JWK;
}

async function loadError(source: unknown): Promise<TypeError> {
  const error = await loadSigningKeys(source as string).then(
    () => new Error("expected the keys to be refused"),
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(TypeError);
  return error as TypeError;
}

const jwks: Partial<Record<SigningAlgorithm, JWK>> = {};
let secondRsa: JWK;

beforeAll(async () => {
  for (const alg of SIGNING_ALGORITHMS) jwks[alg] = await generateSigningJwk(alg);
  secondRsa = await generateSigningJwk("RS256");
});

const key = (alg: SigningAlgorithm): JWK => {
  const jwk = jwks[alg];
  if (jwk === undefined) throw new Error(`no ${alg} key`);
  return jwk;
};

describe("loading signing keys", () => {
  it("refuses text that is not JSON", async () => {
    const error = await loadError("{ keys: [");
    expect(error.message).toBe('Signing keys: not valid JSON; expected a JWK Set {"keys":[...]}.');
  });

  it.each([
    ["an empty key list", '{"keys":[]}'],
    ["an object without keys", "{}"],
    ["null", "null"],
    ["a single JWK instead of a set", '{"kty":"RSA"}'],
  ])("refuses %s", async (_, source) => {
    const error = await loadError(source);
    expect(error.message).toBe(
      'Signing keys: expected a JWK Set with at least one key {"keys":[...]}.',
    );
  });

  it("lists every problem of the set in one TypeError", async () => {
    const rsa = key("RS256");
    const set = {
      keys: [
        { ...publicOnly(rsa), kid: "first" },
        { kty: "oct", k: "c2VjcmV0", alg: "HS256", kid: "hmac" },
        { ...key("ES256"), alg: "RS256", kid: "mismatch" },
        { ...publicOnly(secondRsa), kid: "first" },
        { ...publicOnly(secondRsa), kid: "enc", use: "enc" },
        { kty: "RSA", n: "AQAB", e: "AQAB", alg: "RS256", kid: "broken" },
        { kty: "EC", crv: "P-256", x: "AA", y: "AA", alg: "ES256", kid: "garbage" },
      ],
    };

    const error = await loadError(JSON.stringify(set));

    expect(error.message).toBe(
      [
        "Signing keys: key 0 (kid first): the first key signs, so it must include its private part",
        'key 1 (kid hmac): "alg" must be one of RS256, ES256, EdDSA',
        "key 2 (kid mismatch): key type does not fit alg RS256",
        "key 3 (kid first): duplicate kid",
        'key 4 (kid enc): "use" must be "sig"',
        "key 5 (kid broken): RS256 keys need a modulus of at least 2048 bits",
        "key 6 (kid garbage): not a valid ES256 key.",
      ].join("; "),
    );
  });

  it.each([
    ["an RSA key named ES256", "RS256", "ES256"],
    ["an EC key named EdDSA", "ES256", "EdDSA"],
    ["an Ed25519 key named RS256", "EdDSA", "RS256"],
  ] as const)("refuses %s", async (_, actual, claimed) => {
    const error = await loadError({ keys: [{ ...key(actual), alg: claimed }] });
    expect(error.message).toContain(`key type does not fit alg ${claimed}`);
  });

  it("refuses an EC key on a curve other than P-256 for ES256", async () => {
    const error = await loadError({ keys: [{ ...key("ES256"), crv: "P-384" }] });
    expect(error.message).toContain("key type does not fit alg ES256");
  });

  it("refuses an RSA key shorter than 2048 bits (RFC 7518 §3.3) at load, not at first use", async () => {
    const { privateKey } = generateKeyPairSync("rsa", { modulusLength: 1024 });
    const short = { ...privateKey.export({ format: "jwk" }), alg: "RS256", kid: "short" };

    const error = await loadError({ keys: [short] });

    expect(error.message).toBe(
      "Signing keys: key 0 (kid short): RS256 keys need a modulus of at least 2048 bits.",
    );
  });

  it("refuses an RSA key whose public modulus n is another key's", async () => {
    const mismatched = { ...key("RS256"), n: secondRsa.n, kid: "rsa-halves" };

    const error = await loadError({ keys: [mismatched] });

    expect(error.message).toBe(
      "Signing keys: key 0 (kid rsa-halves): its private part does not match its public part (a probe it signs does not verify); generate the key again.",
    );
  });

  it("refuses an EC key whose public point x, y is another key's, wherever it is in the set", async () => {
    const other = await generateSigningJwk("ES256");
    const mismatched = { ...key("ES256"), x: other.x, y: other.y, kid: "ec-halves" };

    const error = await loadError({ keys: [key("RS256"), mismatched] });

    expect(error.message).toBe(
      "Signing keys: key 1 (kid ec-halves): its private part does not match its public part (a probe it signs does not verify); generate the key again.",
    );
  });

  it("loads matching halves of every algorithm, and public-only keys, without complaint", async () => {
    const set = await loadSigningKeys({
      keys: [key("RS256"), key("ES256"), key("EdDSA"), publicOnly(secondRsa)],
    });
    expect(set.publicJwks.keys).toHaveLength(4);
  });

  it("refuses a key without alg rather than guessing one", async () => {
    const { alg: _, ...withoutAlg } = key("RS256");
    const error = await loadError({ keys: [withoutAlg] });
    expect(error.message).toContain('"alg" must be one of RS256, ES256, EdDSA');
  });

  it("accepts a JSON string or an object", async () => {
    const fromText = await loadSigningKeys(JSON.stringify({ keys: [key("ES256")] }));
    const fromObject = await loadSigningKeys({ keys: [key("ES256")] });
    expect(fromText.publicJwks).toEqual(fromObject.publicJwks);
  });

  it("signs with the first key and verifies with every algorithm the set names", async () => {
    const set = await loadSigningKeys({
      keys: [key("EdDSA"), publicOnly(key("RS256")), publicOnly(key("ES256"))],
    });

    expect(set.active.alg).toBe("EdDSA");
    expect(set.active.kid).toBe(key("EdDSA").kid);
    expect(set.algorithms).toEqual(["EdDSA", "RS256", "ES256"]);
  });

  it("names a key without kid by its RFC 7638 thumbprint", async () => {
    const { kid: _, ...withoutKid } = key("ES256");
    const set = await loadSigningKeys({ keys: [withoutKid] });

    const expected = await calculateJwkThumbprint(publicOnly(withoutKid));
    expect(set.active.kid).toBe(expected);
    expect(set.publicJwks.keys[0]?.kid).toBe(expected);
  });

  it("publishes only public members, each key with kid, alg and use sig", async () => {
    const set = await loadSigningKeys({
      keys: [key("RS256"), key("ES256"), key("EdDSA"), publicOnly(secondRsa)],
    });

    expect(set.publicJwks.keys).toHaveLength(4);
    for (const jwk of set.publicJwks.keys) {
      for (const member of PRIVATE_MEMBERS) expect(jwk).not.toHaveProperty(member);
      expect(jwk).toMatchObject({ use: "sig" });
      expect(typeof jwk.kid).toBe("string");
      expect(SIGNING_ALGORITHMS).toContain(jwk.alg);
    }
    expect(JSON.stringify(set.publicJwks)).not.toContain(key("RS256").d);
  });
});

describe("signing and verifying with each algorithm", () => {
  it.each(SIGNING_ALGORITHMS)("signs a token with %s that verifies", async (alg) => {
    const set = await loadSigningKeys({ keys: [key(alg)] });

    const issued = await signAccessToken(set, settings, subject, NOW, 0);
    const header = JSON.parse(
      Buffer.from(issued.token.split(".")[0] ?? "", "base64url").toString(),
    );

    expect(header).toEqual({ alg, kid: key(alg).kid, typ: "at+jwt" });
    expect(await verifyAccessToken(issued.token, set, settings, NOW)).toEqual(issued.claims);
  });

  it("keeps verifying tokens of a retired key that stays in the set after rotation", async () => {
    const before = await loadSigningKeys({ keys: [key("RS256")] });
    const issued = await signAccessToken(before, settings, subject, NOW, 0);

    const rotated = await loadSigningKeys({ keys: [secondRsa, publicOnly(key("RS256"))] });
    expect(await verifyAccessToken(issued.token, rotated, settings, NOW)).toEqual(issued.claims);

    const retired = await loadSigningKeys({ keys: [secondRsa] });
    const error = await rejectionOf(verifyAccessToken(issued.token, retired, settings, NOW));
    expect(error.code).toBe(ERROR_CODES.BAD_SIGNATURE);
  });

  it("generates private JWKs with a thumbprint kid, alg and use sig", async () => {
    for (const alg of SIGNING_ALGORITHMS) {
      const jwk = key(alg);
      expect(jwk).toMatchObject({ alg, use: "sig" });
      expect(jwk.d).toEqual(expect.any(String));
      expect(jwk.kid).toBe(await calculateJwkThumbprint(publicOnly(jwk)));
    }
  });
});
