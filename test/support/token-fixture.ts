/**
 * The app the token tests run against, and the tools to build each case: a user's valid
 * token to take apart, the Authorization header as sent, an attacker's own RSA key, and hand-made signatures for headers that a
 * well-behaved library refuses to produce.
 */
import { createHmac, createPrivateKey, createSign, type JsonWebKey } from "node:crypto";
import { generateSigningJwk } from "@gatehouse/core";
import { type TestClock, testSigningKeys } from "@gatehouse/testing";
import { httpEvent, type TestApp, type TestResponse } from "@gatehouse/testing/http";
import { base64url, type CryptoKey, importJWK, type JWK } from "jose";
import { expect } from "vitest";
import { type AuthPayloadData, dataOf, dynamoApp, ME, signUp } from "./gql.js";
import { segment, type TokenLab, tokenLab } from "./tokens.js";

/** Everything a token attack needs. */
export interface TokenFixture {
  readonly app: TestApp;
  readonly lab: TokenLab;
  /** The victim's session, and another user's. */
  readonly session: AuthPayloadData;
  readonly other: AuthPayloadData;
  /** The app's public key as a verifier would hold it (from the JWKS). */
  readonly publicJwk: JWK & { kid: string };
  /** An RSA key that is not the app's: what an attacker signs with. */
  readonly attacker: { jwk: JWK & { kid: string }; publicJwk: JWK; key: CryptoKey | Uint8Array };
  /** Sends `query` with exactly this `Authorization` value. */
  withAuthorization(
    authorization: string,
    query?: string,
    variables?: Record<string, unknown>,
  ): Promise<TestResponse>;
  /** Sends `query` with `Authorization: Bearer <token>`. */
  asBearer(
    token: string,
    query?: string,
    variables?: Record<string, unknown>,
  ): Promise<TestResponse>;
  /** Asserts that the request was signed in as `who`. */
  expectSignedInAs(response: TestResponse, who: AuthPayloadData): void;
  /** A fresh valid token of the victim's, in its three segments, for surgery. */
  validParts(): Promise<[string, string, string]>;
  /** The victim's claims under `{alg, kid, typ}` + `header`, HMAC-signed with `secret` by hand. */
  hmacToken(
    alg: "HS256" | "HS384" | "HS512",
    secret: string | Buffer,
    header?: Record<string, unknown>,
  ): string;
  /** The victim's claims under exactly the app's header + `header`, RS256-signed with the app's key by hand. */
  rawSigned(header: Record<string, unknown>): string;
  /** `header.payload` exactly as given, whatever its spelling, RS256-signed with the app's key. */
  signText(header: string, payload: string): string;
}

/** Builds the app (RS256, on `clock`), two users and an attacker key. */
export async function tokenFixture(clock: TestClock): Promise<TokenFixture> {
  const signingKeys = await testSigningKeys();
  const lab = await tokenLab(signingKeys, clock);
  const app = await dynamoApp({ clock, signingKeys });
  const [session, other] = [await signUp(app), await signUp(app)];
  const jwks = await app.invoke(httpEvent({ path: "/.well-known/jwks.json" }));
  const jwk = (await generateSigningJwk("RS256")) as JWK & { kid: string };
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...attackerPublic } = jwk;
  const appKey = createPrivateKey({ key: lab.jwk as JsonWebKey, format: "jwk" });
  const withAuthorization = (authorization: string, query = ME, variables = {}) =>
    app.graphql(query, variables, { headers: { authorization } });
  const signingInput = (header: Record<string, unknown>) =>
    `${segment({ alg: "RS256", kid: lab.jwk.kid, typ: "at+jwt", ...header })}.${segment(lab.claimsOf(session))}`;

  return {
    app,
    lab,
    session,
    other,
    publicJwk: jwks.body.keys[0],
    attacker: { jwk, publicJwk: attackerPublic, key: await importJWK(jwk, "RS256") },
    withAuthorization,
    asBearer: (token, query, variables) => withAuthorization(`Bearer ${token}`, query, variables),
    expectSignedInAs(response, who) {
      expect(dataOf<{ id: string }>(response, "me").id).toBe(who.user.id);
    },
    async validParts() {
      const [header = "", payload = "", signature = ""] = (
        await lab.forge(lab.claimsOf(session))
      ).split(".");
      return [header, payload, signature];
    },
    hmacToken(alg, secret, header = {}) {
      const input = signingInput({ ...header, alg });
      const digest = createHmac(`sha${alg.slice(2)}`, secret)
        .update(input)
        .digest();
      return `${input}.${base64url.encode(digest)}`;
    },
    rawSigned(header) {
      const input = signingInput(header);
      return `${input}.${base64url.encode(createSign("RSA-SHA256").update(input).sign(appKey))}`;
    },
    signText(header, payload) {
      const input = `${header}.${payload}`;
      return `${input}.${base64url.encode(createSign("RSA-SHA256").update(input).sign(appKey))}`;
    },
  };
}
