import { createHttpHandler, createRuntime, parseConfig } from "@gatehouse/functions";
import { fastHasher, testSigningKeys } from "@gatehouse/testing";
import {
  graphqlEvent,
  httpEvent,
  lambdaContext,
  TEST_ISSUER,
  type TestResponse,
} from "@gatehouse/testing/http";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { beforeAll, describe, expect, it } from "vitest";
import { INTERNAL } from "../support/errors.js";
import {
  type AuthPayloadData,
  dynamoApp,
  errorOf,
  LOGIN,
  ME,
  PASSWORD,
  signUp,
} from "../support/gql.js";

// A DynamoDB endpoint with nothing listening: requests that need the store fail closed (503,
// the generic message), and nothing about the store reaches the client. Faults in the middle
// of a request are in faults.test.ts.

let user: AuthPayloadData;

beforeAll(async () => {
  user = await signUp(await dynamoApp());
});

/** An app whose DynamoDB endpoint has nothing listening: every store call fails. */
async function appWithoutTable(signingKeys: string) {
  const tableName = "gatehouse-unreachable-table";
  const runtime = await createRuntime(
    parseConfig({
      GATEHOUSE_ENV: "development",
      GATEHOUSE_ISSUER: TEST_ISSUER,
      GATEHOUSE_TABLE_NAME: tableName,
      GATEHOUSE_SIGNING_KEYS: signingKeys,
      DYNAMODB_ENDPOINT: "http://127.0.0.1:9",
    }),
    { hasher: fastHasher() },
  );
  const handler = createHttpHandler(runtime);
  const invoke = async (event: APIGatewayProxyEventV2): Promise<TestResponse> => {
    const result = await handler(event, lambdaContext());
    const text = result.body ?? "";
    return {
      status: result.statusCode ?? 200,
      headers: Object.fromEntries(
        Object.entries(result.headers ?? {}).map(([name, value]) => [
          name.toLowerCase(),
          String(value),
        ]),
      ),
      text,
      body: JSON.parse(text),
    };
  };
  return {
    tableName,
    invoke,
    graphql: (query: string, variables: Record<string, unknown> = {}, token?: string) =>
      invoke(graphqlEvent(query, variables, token === undefined ? {} : { token })),
  };
}

/** Text that would tell a client about the store behind the API. */
function expectNothingAboutTheStore(response: TestResponse, tableName: string) {
  for (const leak of [tableName, "127.0.0.1", "ECONNREFUSED", "DynamoDB", "dynamodb", "arn:"]) {
    expect(response.text).not.toContain(leak);
  }
  expect(response.text).not.toMatch(/stacktrace|\n\s+at /);
}

describe("a revocation store that cannot be reached", () => {
  let unreachable: Awaited<ReturnType<typeof appWithoutTable>>;

  beforeAll(async () => {
    // The same keys as the healthy app, so its tokens verify here up to the revocation read.
    unreachable = await appWithoutTable(await testSigningKeys());
  });

  it("fails a signed-in request closed with 503 and a generic message", async () => {
    const response = await unreachable.graphql(ME, {}, user.accessToken);
    expect(response.status).toBe(503);
    expect(response.headers["cache-control"]).toBe("no-store");
    expect(response.body).not.toHaveProperty("data");
    expect(errorOf(response)).toEqual(INTERNAL);
    expectNothingAboutTheStore(response, unreachable.tableName);
  });

  it("fails a login with 503 too, rather than signing anyone in", async () => {
    const response = await unreachable.graphql(LOGIN, {
      email: user.user.email,
      password: PASSWORD,
    });
    expect(response.status).toBe(503);
    expect(response.body.data).toBeNull();
    expect(errorOf(response)).toEqual(INTERNAL);
    expectNothingAboutTheStore(response, unreachable.tableName);
  });

  it("still answers 401 for a token that does not verify: the store is only asked after that", async () => {
    const response = await unreachable.graphql(ME, {}, "not-a-jwt");
    expect(response.status).toBe(401);
  });

  it("reports itself unhealthy", async () => {
    const response = await unreachable.invoke(httpEvent({ path: "/health" }));
    expect(response.status).toBe(503);
    expect(response.body).toEqual({ status: "unavailable" });
  });
});
