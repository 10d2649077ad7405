/**
 * The account page's own Lambda entry (packages/functions/src/handlers/account-page.ts),
 * imported afresh with the given environment, as a cold start in its function would: it
 * reads its settings at import. Stable surface: add to it, do not change what exists.
 */
import type { HttpHandler } from "@gatehouse/functions";
import { lambdaContext, type TestResponse, testResponse } from "@gatehouse/testing/http";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { vi } from "vitest";

/** The page function as a test calls it. */
export interface PageApp {
  invoke(event: APIGatewayProxyEventV2): Promise<TestResponse>;
}

const ENTRY = "../../packages/functions/src/handlers/account-page.js";

/**
 * Loads the page's entry with `env` as its environment (`GATEHOUSE_ENV` is `development`
 * unless given; `GATEHOUSE_ACCOUNT_PAGE` is unset unless given).
 */
export async function pageApp(env: Readonly<Record<string, string>> = {}): Promise<PageApp> {
  vi.stubEnv("GATEHOUSE_ENV", "development");
  vi.stubEnv("GATEHOUSE_ACCOUNT_PAGE", undefined);
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
  vi.resetModules();
  let handler: HttpHandler;
  try {
    ({ handler } = (await import(ENTRY)) as { handler: HttpHandler });
  } finally {
    vi.unstubAllEnvs();
  }
  return {
    invoke: async (event) => testResponse(await handler(event, lambdaContext())),
  };
}
