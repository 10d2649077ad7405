/**
 * The non-GraphQL routes through the real Lambda handler: the JWK Set and OpenID discovery
 * document a gateway JWT authorizer reads, `/health`, and what an unknown route answers
 * (contract: "HTTP surface").
 */
import { generateSigningJwk } from "@gatehouse/core";
import { createHttpHandler, createRuntime, parseConfig } from "@gatehouse/functions";
import { fastHasher } from "@gatehouse/testing";
import {
  httpEvent,
  lambdaContext,
  TEST_ISSUER,
  type TestApp,
  type TestResponse,
} from "@gatehouse/testing/http";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import {
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  type JSONWebKeySet,
  type JWK,
  jwtVerify,
} from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { dynamoApp, ME, signUp } from "../support/gql.js";

/** JWK members that hold private key material (RFC 7518 §6.2.2, §6.3.2, §6.4; RFC 8037 §2). */
const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi", "oth", "k"];

const get = (app: { invoke: TestApp["invoke"] }, path: string) =>
  app.invoke(httpEvent({ method: "GET", path }));

/** A JWK without its private members. */
function publicHalf(jwk: JWK): JWK {
  return Object.fromEntries(
    Object.entries(jwk).filter(([member]) => !PRIVATE_MEMBERS.includes(member)),
  ) as JWK;
}

/** A container whose table cannot be reached: nothing listens on port 9 (discard). */
async function unreachableApp(signingKeys: string) {
  const runtime = await createRuntime(
    parseConfig({
      GATEHOUSE_ENV: "development",
      GATEHOUSE_ISSUER: TEST_ISSUER,
      GATEHOUSE_TABLE_NAME: "gatehouse-unreachable-table",
      GATEHOUSE_SIGNING_KEYS: signingKeys,
      DYNAMODB_ENDPOINT: "http://127.0.0.1:9",
    }),
    { hasher: fastHasher() },
  );
  const handler = createHttpHandler(runtime);
  return {
    async invoke(event: APIGatewayProxyEventV2): Promise<TestResponse> {
      const result = await handler(event, lambdaContext());
      const text = result.body ?? "";
      const headers = Object.fromEntries(
        Object.entries(result.headers ?? {}).map(([name, value]) => [
          name.toLowerCase(),
          String(value),
        ]),
      );
      return { status: result.statusCode ?? 200, headers, text, body: JSON.parse(text) };
    },
  };
}

// The signing key first, then a retired ES256 key still held privately, then a retired
// EdDSA key of which only the public part is left: every shape a rotation passes through.
let active: JWK & { kid: string };
let retired: JWK & { kid: string };
let retiredPublicOnly: JWK & { kid: string };
let signingKeys: string;
let app: TestApp;

beforeAll(async () => {
  active = (await generateSigningJwk("RS256")) as JWK & { kid: string };
  retired = (await generateSigningJwk("ES256")) as JWK & { kid: string };
  const eddsa = await generateSigningJwk("EdDSA");
  const { d: _, ...eddsaPublic } = eddsa;
  retiredPublicOnly = eddsaPublic as JWK & { kid: string };
  signingKeys = JSON.stringify({ keys: [active, retired, retiredPublicOnly] });
  app = await dynamoApp({ signingKeys });
});

describe("GET /.well-known/jwks.json", () => {
  it("lists every configured key, public parts only, each with kid, alg and use sig", async () => {
    const response = await get(app, "/.well-known/jwks.json");

    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^application\/json/);
    const { keys } = response.body as { keys: JWK[] };
    expect(keys.map((key) => [key.kid, key.alg, key.use])).toEqual([
      [active.kid, "RS256", "sig"],
      [retired.kid, "ES256", "sig"],
      [retiredPublicOnly.kid, "EdDSA", "sig"],
    ]);
    for (const member of PRIVATE_MEMBERS) expect(response.text).not.toContain(`"${member}"`);
    // Each published key is the public half of the configured one, nothing more or less.
    expect(keys).toEqual([active, retired, retiredPublicOnly].map(publicHalf));
  });

  it("may be cached publicly, for GATEHOUSE_JWKS_MAX_AGE seconds (300 by default)", async () => {
    const response = await get(app, "/.well-known/jwks.json");
    expect(response.headers["cache-control"]).toBe("public, max-age=300");

    const configured = await dynamoApp({ signingKeys, env: { GATEHOUSE_JWKS_MAX_AGE: "60" } });
    const short = await get(configured, "/.well-known/jwks.json");
    expect(short.headers["cache-control"]).toBe("public, max-age=60");
  });

  it("verifies a token from sign-up with jose's local JWK Set, as a gateway authorizer would", async () => {
    const { accessToken: token } = await signUp(app);
    const jwks = (await get(app, "/.well-known/jwks.json")).body as JSONWebKeySet;

    const { payload, protectedHeader } = await jwtVerify(token, createLocalJWKSet(jwks), {
      issuer: TEST_ISSUER,
      audience: "gatehouse",
      typ: "at+jwt",
    });

    expect(protectedHeader).toEqual({ alg: "RS256", kid: active.kid, typ: "at+jwt" });
    expect(payload.iss).toBe(TEST_ISSUER);
  });

  it("keeps verifying tokens signed before a rotation with the retired key", async () => {
    // The container before the rotation: the ES256 key signed.
    const before = await dynamoApp({
      signingKeys: JSON.stringify({ keys: [retired] }),
      tableName: app.tableName,
    });
    const { accessToken: token } = await signUp(before);
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: "ES256", kid: retired.kid });
    const jwks = (await get(app, "/.well-known/jwks.json")).body as JSONWebKeySet;

    await expect(
      jwtVerify(token, createLocalJWKSet(jwks), { issuer: TEST_ISSUER, audience: "gatehouse" }),
    ).resolves.toBeDefined();
    // And the rotated container itself still signs its holder in.
    expect((await app.graphql(ME, {}, { token })).status).toBe(200);
  });
});

describe("GET /.well-known/openid-configuration", () => {
  it("names the issuer, the JWKS location and the signing algorithms", async () => {
    const response = await get(app, "/.well-known/openid-configuration");

    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^application\/json/);
    expect(response.headers["cache-control"]).toMatch(/^public, max-age=\d+$/);
    expect(response.body).toMatchObject({
      issuer: TEST_ISSUER,
      jwks_uri: `${TEST_ISSUER}/.well-known/jwks.json`,
      id_token_signing_alg_values_supported: ["RS256", "ES256", "EdDSA"],
    });
  });

  it("leads, from the issuer alone, to keys that verify the tokens it issues", async () => {
    const { accessToken: token } = await signUp(app);
    // What a gateway JWT authorizer does: issuer → discovery → jwks_uri → verify.
    const iss = decodeJwt(token).iss ?? "";
    const discovery = await get(
      app,
      `${new URL(iss).pathname.replace(/\/$/, "")}/.well-known/openid-configuration`,
    );
    expect(discovery.body.issuer).toBe(iss);
    const jwks = await get(app, new URL(discovery.body.jwks_uri).pathname);

    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks.body), {
      issuer: discovery.body.issuer,
      audience: "gatehouse",
      algorithms: discovery.body.id_token_signing_alg_values_supported,
    });

    expect(payload.sub).toEqual(expect.any(String));
  });
});

describe("GET /health", () => {
  it("answers 200 {status: ok} when the table answers", async () => {
    const response = await get(app, "/health");

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ status: "ok" });
    expect(response.headers["cache-control"]).toBe("no-store");
  });

  it("answers 503 when the table cannot be reached, and says nothing about why", async () => {
    const unreachable = await unreachableApp(signingKeys);

    const response = await get(unreachable, "/health");

    expect(response.status).toBe(503);
    expect(response.body).toEqual({ status: "unavailable" });
    for (const leak of ["gatehouse-unreachable-table", "127.0.0.1", "ECONNREFUSED", "DynamoDB"]) {
      expect(response.text).not.toContain(leak);
    }
  });

  it("still serves the key documents while the table is unreachable: they need no table", async () => {
    const unreachable = await unreachableApp(signingKeys);

    expect((await get(unreachable, "/.well-known/jwks.json")).status).toBe(200);
    expect((await get(unreachable, "/.well-known/openid-configuration")).status).toBe(200);
  });
});

describe("an unknown route", () => {
  it.each([
    "/",
    "/nope",
    "/health/",
    "/healthz",
    "/.well-known/",
    "/.well-known/jwks",
    "/.well-known/jwks.json/",
    "/graphql/",
    "/GRAPHQL",
  ])("answers 404 for GET %s", async (path) => {
    const response = await get(app, path);

    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: "not_found" });
  });

  it("answers 404 whatever the method, rather than 405 for a resource that does not exist", async () => {
    for (const method of ["POST", "PUT", "DELETE"]) {
      const response = await app.invoke(httpEvent({ method, path: "/nope" }));
      expect(response.status).toBe(404);
    }
  });

  it("answers 405 with Allow for a method a known route does not take", async () => {
    const health = await app.invoke(httpEvent({ method: "POST", path: "/health" }));
    expect(health.status).toBe(405);
    expect(health.headers.allow).toBe("GET, HEAD");
    const jwks = await app.invoke(httpEvent({ method: "DELETE", path: "/.well-known/jwks.json" }));
    expect(jwks.status).toBe(405);
    const graphql = await app.invoke(httpEvent({ method: "PUT", path: "/graphql" }));
    expect(graphql.status).toBe(405);
    expect(graphql.headers.allow).toBe("GET, POST");
  });
});
