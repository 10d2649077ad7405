// Runs in-process cases the way Lambda runs a warm container: one invocation at a time, each
// awaited before the next. Cases that are compared with each other are interleaved in blocks,
// so drift during the run (GC state, CPU frequency, the engine's caches) lands on all of them.
import type { HttpHandler } from "@gatehouse/functions";
import { lambdaContext } from "@gatehouse/testing/http";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";

/** One benchmark case: a handler and how to build, and judge, each of its requests. */
export interface InvocationCase {
  readonly name: string;
  readonly handler: HttpHandler;
  /** A fresh event per invocation, as Lambda delivers. */
  readonly event: () => APIGatewayProxyEventV2;
  /** Throws when a response is not the one the case is about; a benchmark of errors is void. */
  readonly check: (result: APIGatewayProxyStructuredResultV2) => void;
}

/** How long to warm up and how many samples to take. */
export interface Plan {
  readonly warmup: number;
  readonly rounds: number;
  readonly perRound: number;
}

/** One timed invocation, in milliseconds; the event is built and the result checked outside. */
export async function invokeOnce(spec: InvocationCase): Promise<number> {
  const event = spec.event();
  const context = lambdaContext();
  const start = performance.now();
  const result = await spec.handler(event, context);
  const elapsed = performance.now() - start;
  spec.check(result);
  return elapsed;
}

/** Warms every case, then samples them in interleaved blocks; returns samples by case name. */
export async function measure(
  cases: readonly InvocationCase[],
  plan: Plan,
): Promise<Map<string, number[]>> {
  for (const spec of cases) {
    for (let i = 0; i < plan.warmup; i++) await invokeOnce(spec);
  }
  const samples = new Map(cases.map((spec) => [spec.name, [] as number[]]));
  for (let round = 0; round < plan.rounds; round++) {
    // Rotate the order so no case always runs right after the same neighbour.
    for (let offset = 0; offset < cases.length; offset++) {
      const spec = cases[(round + offset) % cases.length] as InvocationCase;
      const into = samples.get(spec.name) as number[];
      for (let i = 0; i < plan.perRound; i++) into.push(await invokeOnce(spec));
    }
  }
  return samples;
}

/** A check for a GraphQL response: HTTP 200 and `errors[0].extensions.code` is `code`. */
export function expectError(code: string) {
  return (result: APIGatewayProxyStructuredResultV2) => {
    const body = JSON.parse(result.body ?? "null") as {
      errors?: { extensions?: { code?: unknown } }[];
    } | null;
    if (result.statusCode !== 200 || body?.errors?.[0]?.extensions?.code !== code) {
      throw new Error(`Unexpected response ${result.statusCode}: ${result.body?.slice(0, 300)}`);
    }
  };
}

/** A check for a GraphQL response: HTTP 200, no errors, and `data.<field>` present. */
export function expectData(field: string) {
  return (result: APIGatewayProxyStructuredResultV2) => {
    const body = JSON.parse(result.body ?? "null") as {
      data?: Record<string, unknown>;
      errors?: unknown;
    } | null;
    if (result.statusCode !== 200 || body?.errors !== undefined || body?.data?.[field] == null) {
      throw new Error(`Unexpected response ${result.statusCode}: ${result.body?.slice(0, 300)}`);
    }
  };
}
