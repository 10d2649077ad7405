import { randomUUID } from "node:crypto";
import { generateTotpKey, type Stores } from "@gatehouse/core";
import {
  createGatehouse,
  type Gatehouse,
  type GatehouseParts,
  type HttpHandler,
  parseConfig,
  type Runtime,
  type RuntimeOverrides,
} from "@gatehouse/functions";
import { ensureTable } from "@gatehouse/functions/local";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { testSigningKeys } from "../keys.js";
import { type Mailbox, mailbox } from "../mailbox.js";
import { graphqlEvent, lambdaContext } from "./events.js";

/** One TOTP key for every test app of a run: apps sharing a table (two containers) agree. */
const TEST_TOTP_KEYS = generateTotpKey("test");

/** The issuer every test app uses. */
export const TEST_ISSUER = "https://gatehouse.test";

/** A response as a test reads it. */
/** A handler's result as a test reads it: header names lower-cased, the body parsed when JSON. */
export function testResponse(result: APIGatewayProxyStructuredResultV2): TestResponse {
  const text = result.body ?? "";
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const headers = Object.fromEntries(
    Object.entries(result.headers ?? {}).map(([name, value]) => [
      name.toLowerCase(),
      String(value),
    ]),
  );
  return { status: result.statusCode ?? 200, headers, text, body };
}

export interface TestResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON shapes.
  readonly body: any;
}

/** One "Lambda container": a runtime and the real HTTP handler built from it. */
export interface TestApp {
  readonly runtime: Runtime;
  readonly handler: HttpHandler;
  readonly tableName: string;
  /** Everything `createGatehouse` built: the authorizers and the served schema too. */
  readonly gatehouse: Gatehouse;
  /**
   * The mail the app sent, when neither `GATEHOUSE_MAIL` nor a `mail` hook was given (then
   * empty): test apps never reach a real transport by accident.
   */
  readonly mailbox: Mailbox;
  invoke(event: APIGatewayProxyEventV2): Promise<TestResponse>;
  graphql(
    query: string,
    variables?: Record<string, unknown>,
    options?: { token?: string; headers?: Record<string, string>; sourceIp?: string },
  ): Promise<TestResponse>;
}

/** Options for a test app; `table` shares a table between apps (two containers). */
export interface TestAppOptions extends RuntimeOverrides {
  readonly env?: Readonly<Record<string, string>>;
  /** A DynamoDB endpoint; required unless `stores` is given. */
  readonly endpoint?: string;
  readonly tableName?: string;
  readonly signingKeys?: string;
  /** A team's API on Gatehouse (`createGatehouse`'s parts); none by default. */
  // biome-ignore lint/suspicious/noExplicitAny: each test types its own team context.
  readonly gatehouse?: GatehouseParts<any>;
}

/** Builds a test app against the embedded DynamoDB (or the given memory stores). */
export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const tableName = options.tableName ?? `gatehouse-test-${randomUUID()}`;
  if (options.stores === undefined) {
    if (options.endpoint === undefined)
      throw new TypeError("createTestApp needs an endpoint or stores");
    await ensureTable(options.endpoint, tableName);
  }
  const config = parseConfig({
    GATEHOUSE_ENV: "development",
    GATEHOUSE_ISSUER: TEST_ISSUER,
    // Every test event comes from one address and test files sign up many users; the
    // per-source limit has its own tests, which set it low.
    GATEHOUSE_IP_MAX_ATTEMPTS: "100000",
    GATEHOUSE_ANON_MAX_ATTEMPTS: "1000000",
    GATEHOUSE_TABLE_NAME: tableName,
    GATEHOUSE_SIGNING_KEYS: options.signingKeys ?? (await testSigningKeys()),
    GATEHOUSE_TOTP_KEYS: TEST_TOTP_KEYS,
    ...(options.endpoint === undefined ? {} : { DYNAMODB_ENDPOINT: options.endpoint }),
    ...options.env,
  });
  const overrides: RuntimeOverrides = {
    ...(options.stores === undefined ? {} : { stores: options.stores as Stores }),
    ...(options.clock === undefined ? {} : { clock: options.clock }),
    ...(options.random === undefined ? {} : { random: options.random }),
    ...(options.hasher === undefined ? {} : { hasher: options.hasher }),
  };
  const box = mailbox();
  const parts =
    options.env?.GATEHOUSE_MAIL !== undefined || options.gatehouse?.hooks?.mail !== undefined
      ? options.gatehouse
      : { ...options.gatehouse, hooks: { ...options.gatehouse?.hooks, mail: box } };
  // The handler as a Lambda entry builds it (handlers/http.ts), from this configuration.
  const gatehouse = await createGatehouse(parts, { config, overrides });
  const { runtime, handler } = gatehouse;
  const invoke = async (event: APIGatewayProxyEventV2): Promise<TestResponse> =>
    testResponse(await handler(event, lambdaContext()));
  return {
    runtime,
    handler,
    tableName,
    gatehouse,
    mailbox: box,
    invoke,
    graphql: (query, variables = {}, requestOptions = {}) =>
      invoke(graphqlEvent(query, variables, requestOptions)),
  };
}
