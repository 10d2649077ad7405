import { createHash } from "node:crypto";
import { captureLogs, httpEvent, type TestApp, type TestResponse } from "@gatehouse/testing/http";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { dynamoApp, errorOf, graphqlGet, LOGIN, PASSWORD, uniqueEmail } from "../support/gql.js";

// The GraphQL layer as an attacker meets it in a deployed stage (GATEHOUSE_ENV=production):
// document limits, introspection and suggestions, CSRF, batching and GET. The body limit,
// malformed JSON, masked errors and the one-credential-field rule are in http/ and graphql/;
// Cache-Control on every answer is in http/cache-control.test.ts.

let production: TestApp;
let development: TestApp;

beforeAll(async () => {
  [production, development] = await Promise.all([
    dynamoApp({ env: { GATEHOUSE_ENV: "production" } }),
    dynamoApp({ env: { GATEHOUSE_ENV: "development" } }),
  ]);
});

const post = (app: TestApp, body: string, contentType = "application/json") =>
  app.invoke(
    httpEvent({ method: "POST", path: "/graphql", headers: { "content-type": contentType }, body }),
  );

const get = graphqlGet;

/** A 400 whose errors are all coded `code` and whose messages include `message`. */
function expectRefused(response: TestResponse, code: string, message: string) {
  expect(response.status).toBe(400);
  expect(response.body).not.toHaveProperty("data");
  const errors = response.body.errors as { message: string; extensions: { code: string } }[];
  expect(errors.every((error) => error.extensions.code === code)).toBe(true);
  expect(errors.map((error) => error.message)).toContain(message);
  expect(response.text).not.toMatch(/stacktrace|\n\s+at /);
}

/** `{ me { x { x { … id } } } }`: a document `depth` fields deep. */
const nested = (depth: number) => {
  let inner = "id";
  for (let level = 2; level < depth; level++) inner = `x { ${inner} }`;
  return `{ me { ${inner} } }`;
};

describe("document limits (OWASP GraphQL Cheat Sheet: query limiting)", () => {
  it("refuses a document deeper than 10 and names no depth error at 10", async () => {
    expectRefused(
      await production.graphql(nested(11)),
      "GRAPHQL_VALIDATION_FAILED",
      "Syntax Error: Query depth limit of 10 exceeded, found 11.",
    );
    const atLimit = await production.graphql(nested(10));
    expect(JSON.stringify(atLimit.body.errors)).not.toContain("depth limit");
  });

  it("refuses a 12-deep introspection document in production", async () => {
    let inner = "name";
    for (let level = 0; level < 7; level++) inner = `ofType { ${inner} }`;
    const response = await production.graphql(
      `{ __schema { types { fields { type { ${inner} } } } } }`,
    );
    expectRefused(
      response,
      "GRAPHQL_VALIDATION_FAILED",
      "Syntax Error: Query depth limit of 10 exceeded, found 12.",
    );
  });

  it("answers 15 aliases and refuses 16, __typename aliases included", async () => {
    const aliases = (count: number) =>
      `{ ${Array.from({ length: count }, (_, i) => `a${i}: __typename`).join(" ")} }`;
    const answered = await production.graphql(aliases(15));
    expect(answered.body.errors).toBeUndefined();
    expect(Object.keys(answered.body.data)).toHaveLength(15);
    expectRefused(
      await production.graphql(aliases(16)),
      "GRAPHQL_VALIDATION_FAILED",
      "Syntax Error: Aliases limit of 15 exceeded, found 16.",
    );
  });

  it("answers a document of 2000 tokens and refuses one of 2001 while parsing", async () => {
    // Many small operations: 5 tokens each (`query Qn { __typename }`).
    const operations = (count: number, extra = "") =>
      Array.from(
        { length: count },
        (_, i) => `query Q${i} { __typename${i === 0 ? extra : ""} }`,
      ).join("\n");
    const body = (document: string) => JSON.stringify({ query: document, operationName: "Q0" });
    const exact = await post(production, body(operations(400)));
    expect(exact.body).toEqual({ data: { __typename: "Query" } });

    const over = await post(production, body(operations(400, " __typename")));
    expectRefused(
      over,
      "GRAPHQL_PARSE_FAILED",
      "Syntax Error: Document contains more that 2000 tokens. Parsing aborted.",
    );
  });

  it("answers 50 directives and refuses 51", async () => {
    const directives = (fields: number, extra = "") =>
      `{ ${Array.from({ length: fields }, () => "__typename @skip(if: false) @include(if: true)").join(" ")} ${extra} }`;
    expect((await production.graphql(directives(25))).body).toEqual({
      data: { __typename: "Query" },
    });
    expectRefused(
      await production.graphql(directives(25, "__typename @skip(if: false)")),
      "GRAPHQL_VALIDATION_FAILED",
      "Syntax Error: Directives limit of 50 exceeded, found 51.",
    );
  });

  it("stops validating a flood of duplicated fields early (overlapping-fields budget)", async () => {
    const started = performance.now();
    const response = await production.graphql(`{ ${"__typename ".repeat(1500)}}`);
    expectRefused(response, "GRAPHQL_VALIDATION_FAILED", "Validation aborted.");
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it("refuses fragments that spread each other in a cycle", async () => {
    const response = await production.graphql(
      "query { ...A } fragment A on Query { ...B } fragment B on Query { ...A }",
    );
    expectRefused(
      response,
      "GRAPHQL_VALIDATION_FAILED",
      'Cannot spread fragment "A" within itself via "B".',
    );
  });
});

describe("production mode (GATEHOUSE_ENV=production, the deployed default)", () => {
  const INTROSPECTION_OFF =
    "GraphQL introspection is not allowed by Apollo Server, but the query contained __schema or __type. To enable introspection, pass introspection: true to ApolloServer in production";

  it.each([
    ["__schema", "{ __schema { queryType { name } } }"],
    ["__type", '{ __type(name: "User") { fields { name } } }'],
    [
      "__schema behind an alias and a fragment",
      "{ ...F } fragment F on Query { s: __schema { types { name } } }",
    ],
  ])("refuses introspection through %s", async (_, query) => {
    expectRefused(await production.graphql(query), "GRAPHQL_VALIDATION_FAILED", INTROSPECTION_OFF);
  });

  it("still answers __typename, which reveals nothing beyond the type asked about", async () => {
    expect((await production.graphql("{ __typename }")).body).toEqual({
      data: { __typename: "Query" },
    });
  });

  it('suggests no field names ("Did you mean"), which development does', async () => {
    const message = 'Cannot query field "mee" on type "Query".';
    expectRefused(await production.graphql("{ mee { id } }"), "GRAPHQL_VALIDATION_FAILED", message);
    expectRefused(
      await development.graphql("{ mee { id } }"),
      "GRAPHQL_VALIDATION_FAILED",
      `${message} Did you mean "me"?`,
    );
    expect((await production.graphql("mutation { logn }")).text).not.toContain("Did you mean");
  });

  it("serves no landing page to a browser", async () => {
    const page = await production.invoke(
      httpEvent({ method: "GET", path: "/graphql", headers: { accept: "text/html" } }),
    );
    expect(page.headers["content-type"]).not.toContain("text/html");
    expect(page.text).not.toMatch(/<html|<!DOCTYPE/i);
    // Development does serve Apollo Sandbox, so this is the switch doing it.
    const sandbox = await development.invoke(
      httpEvent({ method: "GET", path: "/graphql", headers: { accept: "text/html" } }),
    );
    expect(sandbox.headers["content-type"]).toContain("text/html");
  });

  it("answers a syntax error without a stack trace or source excerpt", async () => {
    const response = await production.graphql("{ me { id ");
    expectRefused(response, "GRAPHQL_PARSE_FAILED", "Syntax Error: Expected Name, found <EOF>.");
    expect(response.body.errors[0].extensions).toEqual({ code: "GRAPHQL_PARSE_FAILED" });
  });

  describe("does not depend on NODE_ENV, which Lambda never sets", () => {
    const saved = process.env.NODE_ENV;
    afterEach(() => {
      process.env.NODE_ENV = saved;
    });

    it.each([
      ["NODE_ENV=development", "development"],
      ["no NODE_ENV", undefined],
    ])("keeps introspection off with %s", async (_, nodeEnv) => {
      if (nodeEnv === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = nodeEnv;
      const app = await dynamoApp({ env: { GATEHOUSE_ENV: "production" } });
      expect((await app.graphql("{ __schema { queryType { name } } }")).status).toBe(400);
    });

    it("runs in production mode when GATEHOUSE_ENV is unset", async () => {
      const app = await dynamoApp({ env: { GATEHOUSE_ENV: "" } });
      expect(app.runtime.config.environment).toBe("production");
      expect((await app.graphql("{ __schema { queryType { name } } }")).status).toBe(400);
    });
  });
});

describe("cross-site request forgery and transport", () => {
  const CSRF_MESSAGE =
    /^This operation has been blocked as a potential Cross-Site Request Forgery \(CSRF\)/;

  it.each(["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x"])(
    "refuses a POST a plain HTML form could send (%s), running nothing",
    async (contentType) => {
      const email = uniqueEmail("csrf");
      const response = await post(
        production,
        JSON.stringify({
          query: `mutation { signUp(email: "${email}", password: "${PASSWORD}") { accessToken } }`,
        }),
        contentType,
      );
      expect(response.status).toBe(400);
      expect(errorOf(response)).toMatchObject({
        code: "BAD_REQUEST",
        message: expect.stringMatching(CSRF_MESSAGE),
      });
      expect(errorOf(await production.graphql(LOGIN, { email, password: PASSWORD })).code).toBe(
        "UNAUTHENTICATED",
      );
    },
  );

  it("refuses a GET query without a non-simple header such as apollo-require-preflight", async () => {
    const response = await get(production, "{ __typename }");
    expect(response.status).toBe(400);
    expect(errorOf(response)).toMatchObject({
      code: "BAD_REQUEST",
      message: expect.stringMatching(CSRF_MESSAGE),
    });
    expect(
      (await get(production, "{ __typename }", { "apollo-require-preflight": "true" })).status,
    ).toBe(200);
  });

  it("never runs a mutation sent over GET, even with the preflight header", async () => {
    const email = uniqueEmail("over-get");
    const response = await get(
      production,
      `mutation { signUp(email: "${email}", password: "${PASSWORD}") { accessToken } }`,
      { "apollo-require-preflight": "true" },
    );
    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe("POST");
    expect(errorOf(response)).toEqual({
      code: "BAD_REQUEST",
      message: "GET requests only support query operations, not mutation operations",
    });
    expect(errorOf(await production.graphql(LOGIN, { email, password: PASSWORD })).code).toBe(
      "UNAUTHENTICATED",
    );
  });

  it("refuses an array of operations (batching is off), running none of them", async () => {
    const email = uniqueEmail("batched");
    const signUp = `mutation { signUp(email: "${email}", password: "${PASSWORD}") { accessToken } }`;
    const response = await post(production, JSON.stringify([{ query: signUp }, { query: signUp }]));
    expect(response.status).toBe(400);
    expect(errorOf(response)).toEqual({
      code: "BAD_REQUEST",
      message: "Operation batching disabled.",
    });
    expect(errorOf(await production.graphql(LOGIN, { email, password: PASSWORD })).code).toBe(
      "UNAUTHENTICATED",
    );
  });
});

describe("automatic persisted queries are not part of the API", () => {
  // Apollo Server turns APQ on by default; the contract has no such thing. Every request that
  // uses the extension gets Apollo's client answer PERSISTED_QUERY_NOT_SUPPORTED (which APQ
  // clients take as "send the full query"), never INTERNAL_SERVER_ERROR, and logs no error.
  const QUERY = "{ __typename }";
  const sha256 = (text: string) => createHash("sha256").update(text).digest("hex");
  const apq = (version: unknown, sha256Hash: string) => ({
    persistedQuery: { version, sha256Hash },
  });

  const cases: [string, { query?: string; extensions: unknown }][] = [
    ["an unknown hash and no query", { extensions: apq(1, sha256("{ unknown }")) }],
    [
      "a query with its own hash (registration)",
      { query: QUERY, extensions: apq(1, sha256(QUERY)) },
    ],
    ["the registered query's hash alone", { extensions: apq(1, sha256(QUERY)) }],
    ["a query with another query's hash", { query: QUERY, extensions: apq(1, sha256("{ x }")) }],
    ["an unknown version and no query", { extensions: apq(2, sha256(QUERY)) }],
    ["an unknown version and a query", { query: QUERY, extensions: apq(2, sha256(QUERY)) }],
    ["a hash that is not hex", { query: QUERY, extensions: apq(1, "not a hash") }],
  ];

  const viaPost = (request: { query?: string; extensions?: unknown }) =>
    post(production, JSON.stringify(request));
  const viaGet = ({ query, extensions }: { query?: string; extensions: unknown }) =>
    production.invoke(
      httpEvent({
        method: "GET",
        path: "/graphql",
        query: [
          ...(query === undefined ? [] : [`query=${encodeURIComponent(query)}`]),
          `extensions=${encodeURIComponent(JSON.stringify(extensions))}`,
        ].join("&"),
        headers: { "apollo-require-preflight": "true" },
      }),
    );

  /** Sends `send()` with logs captured at INFO; returns the response and any error lines. */
  async function withLogs(send: () => Promise<TestResponse>) {
    const logger = production.runtime.telemetry.logger;
    logger.setLogLevel("INFO");
    const logs = captureLogs();
    try {
      const response = await send();
      return { response, errors: logs.records().filter((record) => record.level === "ERROR") };
    } finally {
      logs.restore();
      logger.setLogLevel("SILENT");
    }
  }

  function expectNotSupported(response: TestResponse) {
    expect(response.status).toBe(200);
    expect(response.body).not.toHaveProperty("data");
    expect(response.body.errors).toEqual([
      {
        message: "PersistedQueryNotSupported",
        extensions: { code: "PERSISTED_QUERY_NOT_SUPPORTED" },
      },
    ]);
  }

  it.each(cases)("answers a POST with %s as a client error, logging none", async (_, request) => {
    const { response, errors } = await withLogs(() => viaPost(request));
    expectNotSupported(response);
    expect(errors).toEqual([]);
  });

  it.each(cases)("answers a GET with %s as a client error, logging none", async (_, request) => {
    const { response, errors } = await withLogs(() => viaGet(request));
    expectNotSupported(response);
    expect(errors).toEqual([]);
  });

  it("still runs the same query sent without the extension", async () => {
    const response = await viaPost({ query: QUERY });
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ data: { __typename: "Query" } });
  });
});
