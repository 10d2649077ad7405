import { parseConfig } from "@gatehouse/functions";
import { httpEvent, type TestApp } from "@gatehouse/testing/http";
import { beforeAll, describe, expect, it } from "vitest";
import { dynamoApp, ME, signUp } from "../support/gql.js";
import { expectInvalidToken } from "../support/tokens.js";

// CORS for browser clients on other origins (Fetch standard, CORS protocol), answered by the
// function itself so it is the same behind API Gateway, a function URL and `npm start`.

const LISTED = "https://app.example.com";
const ALSO_LISTED = "http://localhost:5173";

let app: TestApp;
let closed: TestApp;

beforeAll(async () => {
  [app, closed] = await Promise.all([
    dynamoApp({ env: { GATEHOUSE_CORS_ORIGINS: ` ${LISTED}, ${ALSO_LISTED} ` } }),
    dynamoApp(),
  ]);
});

const preflight = (
  target: TestApp,
  origin: string,
  requestHeaders = "authorization, content-type",
) =>
  target.invoke(
    httpEvent({
      method: "OPTIONS",
      path: "/graphql",
      headers: {
        origin,
        "access-control-request-method": "POST",
        "access-control-request-headers": requestHeaders,
      },
    }),
  );

const corsHeaders = (headers: Record<string, string>) =>
  Object.keys(headers).filter((name) => name.startsWith("access-control-"));

describe("a preflight (OPTIONS /graphql)", () => {
  it.each([LISTED, ALSO_LISTED])(
    "grants a listed origin (%s) exactly what a client needs",
    async (origin) => {
      const response = await preflight(app, origin);
      expect(response.status).toBe(204);
      expect(response.text).toBe("");
      expect(response.headers["access-control-allow-origin"]).toBe(origin);
      expect(response.headers["access-control-allow-methods"]).toBe("GET, POST");
      const allowed = response.headers["access-control-allow-headers"]?.split(/,\s*/);
      expect(allowed).toEqual(
        expect.arrayContaining(["authorization", "content-type", "apollo-require-preflight"]),
      );
      expect(response.headers["access-control-max-age"]).toBe("600");
      expect(response.headers.vary).toBe("Origin");
      // Bearer tokens, not cookies: a cross-origin request never needs credentials mode.
      expect(response.headers["access-control-allow-credentials"]).toBeUndefined();
    },
  );

  it.each([
    ["an unlisted origin", "https://attacker.test"],
    ["a listed origin's host under another domain", "https://app.example.com.attacker.test"],
    ["a sibling of a listed origin", "https://evil-app.example.com"],
    ["a listed origin over plain http", "http://app.example.com"],
    ["a listed origin on another port", "https://app.example.com:8443"],
    ["a listed origin with a trailing slash", `${LISTED}/`],
    ["a listed origin in upper case", "https://APP.example.com"],
    ["the null origin (sandboxed frames, file: pages)", "null"],
    ["a wildcard", "*"],
  ])("grants nothing to %s", async (_, origin) => {
    const response = await preflight(app, origin);
    expect(response.status).toBe(204);
    expect(corsHeaders(response.headers)).toEqual([]);
    expect(response.headers.vary).toBe("Origin");
  });

  it("is refused with 405 when no origin is configured (the default)", async () => {
    const response = await preflight(closed, LISTED);
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe("GET, POST");
    expect(corsHeaders(response.headers)).toEqual([]);
  });
});

describe("an actual cross-origin request", () => {
  const send = (target: TestApp, origin: string, authorization?: string) =>
    target.graphql(ME, {}, { headers: { origin, ...(authorization ? { authorization } : {}) } });

  it("lets a listed origin read the answer, and the 401 challenge too", async () => {
    const { accessToken, user } = await signUp(app);
    const ok = await send(app, LISTED, `Bearer ${accessToken}`);
    expect(ok.body.data.me.id).toBe(user.id);
    expect(ok.headers["access-control-allow-origin"]).toBe(LISTED);
    expect(ok.headers.vary).toBe("Origin");
    expect(ok.headers["access-control-allow-credentials"]).toBeUndefined();

    const rejected = await send(app, LISTED, "Bearer not-a-jwt");
    expectInvalidToken(rejected);
    expect(rejected.headers["access-control-allow-origin"]).toBe(LISTED);
    expect(rejected.headers["access-control-expose-headers"]).toBe("www-authenticate");
  });

  it("gives an unlisted origin no CORS header, so its page cannot read the answer", async () => {
    const response = await send(app, "https://attacker.test");
    expect(corsHeaders(response.headers)).toEqual([]);
    expect(response.headers.vary).toBe("Origin");
  });

  it("adds no CORS header at all when no origin is configured", async () => {
    const response = await send(closed, LISTED);
    expect(corsHeaders(response.headers)).toEqual([]);
  });

  it("carries CORS headers on a refused method too, and lists OPTIONS as allowed", async () => {
    const response = await app.invoke(
      httpEvent({ method: "PUT", path: "/graphql", headers: { origin: LISTED }, body: "{}" }),
    );
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe("GET, POST, OPTIONS");
    expect(response.headers["access-control-allow-origin"]).toBe(LISTED);
  });
});

describe("GATEHOUSE_CORS_ORIGINS", () => {
  const base = {
    GATEHOUSE_ISSUER: "https://gatehouse.test",
    GATEHOUSE_TABLE_NAME: "t",
    GATEHOUSE_SIGNING_KEYS: "{}",
  };

  it("defaults to no origin at all", () => {
    expect(parseConfig(base).corsOrigins).toEqual([]);
  });

  it("refuses anything but exact http(s) origins, listing every problem", () => {
    const origins = [
      "*",
      `${LISTED}/`,
      "app.example.com",
      `${LISTED}/path`,
      "https://APP.example.com",
      "ftp://x.test",
    ];
    let message = "";
    try {
      parseConfig({ ...base, GATEHOUSE_CORS_ORIGINS: origins.join(",") });
    } catch (error) {
      message = (error as Error).message;
    }
    for (const origin of origins) expect(message).toContain(`(got "${origin}")`);
  });
});
