// Cold starts: a fresh Node process imports a bundle, as the Lambda runtime does, and answers
// its first request against the embedded DynamoDB. Timed inside the child from just before the
// import to the first response, so Node's own boot (the same for both) is left out.
import { execFile } from "node:child_process";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { graphqlEvent, TEST_ISSUER } from "@gatehouse/testing/http";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { type Bundle, bundle } from "../ci/bundle.js";
import { BENCH_ENV, type BenchApp, NOTES_ENV } from "./fixtures.js";
import { expectData } from "./runner.js";
import { type Summary, summarize } from "./stats.js";

const run = promisify(execFile);
const CONTEXT_MODULE = new URL(
  "../../packages/functions/src/local/lambda-context.mjs",
  import.meta.url,
).href;

/** Gatehouse's deployed bundle and the baseline's, built the same way. */
export interface Bundles {
  readonly gatehouse: Bundle;
  readonly baseline: Bundle;
}

/** The Lambda entry of each app the benchmark can serve. */
const ENTRIES: Record<BenchApp, string> = {
  gatehouse: "packages/functions/src/handlers/http.ts",
  notes: "examples/notes/src/handler.ts",
};

/** Bundles both handlers with the deploy's esbuild settings. */
export async function bundleBoth(app: BenchApp): Promise<Bundles> {
  const gatehouse = await bundle(
    ENTRIES[app],
    `dist/lambda/${app === "notes" ? "notes" : "http"}.mjs`,
  );
  const baseline = await bundle("scripts/bench/baseline-lambda.ts", "dist/bench/baseline.mjs");
  return { gatehouse, baseline };
}

// The child: import, one invocation, report (the context helper is loaded before the clock
// starts). It exits at once: open keep-alive sockets would otherwise hold it, and a Lambda
// sandbox is frozen rather than drained anyway.
const CHILD = `
const { fakeLambdaContext } = await import(process.env.BENCH_CONTEXT);
const cpu = process.cpuUsage();
const start = performance.now();
const { handler } = await import(process.env.BENCH_BUNDLE);
const imported = performance.now();
const context = fakeLambdaContext({
  functionName: "bench", awsRequestId: "cold-1", logGroupName: "bench", logStreamName: "bench",
});
const result = await handler(JSON.parse(process.env.BENCH_EVENT), context);
const answered = performance.now();
process.stdout.write("\\nBENCH " + JSON.stringify({
  init: imported - start, first: answered - imported, cpu: process.cpuUsage(cpu), result,
}) + "\\n");
process.exit(0);
`;

interface ColdRun {
  readonly init: number;
  readonly first: number;
  /** CPU time (user + system, all threads) over the same span: steadier on a busy machine. */
  readonly cpu: number;
}

async function coldRun(
  bundleFile: string,
  env: Record<string, string>,
  event: unknown,
  nodeArgs: readonly string[],
) {
  const args = [...nodeArgs, "--input-type=module", "-e", CHILD];
  const { stdout } = await run(process.execPath, args, {
    // Only what Lambda would set, and the function's own settings: nothing from this shell.
    env: {
      PATH: process.env.PATH ?? "",
      AWS_REGION: "us-east-1",
      AWS_LAMBDA_FUNCTION_NAME: "bench",
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      BENCH_BUNDLE: pathToFileURL(bundleFile).href,
      BENCH_CONTEXT: CONTEXT_MODULE,
      BENCH_EVENT: JSON.stringify(event),
      ...env,
    },
    maxBuffer: 16 * 1024 * 1024,
  });
  const line = stdout.split("\n").find((text) => text.startsWith("BENCH "));
  if (line === undefined) throw new Error(`A cold start printed no result:\n${stdout}`);
  const report = JSON.parse(line.slice("BENCH ".length));
  expectData("me")(report.result);
  const cpu = (report.cpu.user + report.cpu.system) / 1000;
  return { init: report.init, first: report.first, cpu } satisfies ColdRun;
}

/** What the cold children need to answer `me`. */
export interface ColdSpec {
  readonly endpoint: string;
  readonly tableName: string;
  readonly signingKeys: string;
  readonly token: string;
  readonly userItemKey: Readonly<Record<string, string>>;
}

/** Init, first-request and total times of one variant's cold starts. */
export interface ColdSummary {
  readonly init: Summary;
  readonly first: Summary;
  readonly cpu: Summary;
  readonly total: Summary;
}

function summarizeRuns(runs: readonly ColdRun[]): ColdSummary {
  return {
    init: summarize(runs.map((r) => r.init)),
    first: summarize(runs.map((r) => r.first)),
    cpu: summarize(runs.map((r) => r.cpu)),
    total: summarize(runs.map((r) => r.init + r.first)),
  };
}

/**
 * `runs` cold starts of each bundle, alternating, after one untimed start of each. With
 * `profileDir`, each child writes a V8 CPU profile there.
 */
export async function coldStarts(
  bundles: Bundles,
  spec: ColdSpec,
  runs: number,
  profileDir?: string,
): Promise<{ gatehouse: ColdSummary; baseline: ColdSummary }> {
  const nodeArgs = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];
  const meEvent: APIGatewayProxyEventV2 = graphqlEvent(
    "{ me { id email roles } }",
    {},
    { token: spec.token },
  );
  // Deployed shape: the table and the secret come through SST links, not plain variables.
  const gatehouseEnv = {
    SST_RESOURCE_App: JSON.stringify({ name: "gatehouse", stage: "bench" }),
    SST_RESOURCE_Table: JSON.stringify({ name: spec.tableName }),
    SST_RESOURCE_SigningKeys: JSON.stringify({ value: spec.signingKeys }),
    ...BENCH_ENV,
    ...(bundles.gatehouse.outfile.endsWith("notes.mjs") ? NOTES_ENV : {}),
    GATEHOUSE_ISSUER: TEST_ISSUER,
    DYNAMODB_ENDPOINT: spec.endpoint,
  };
  const baselineEnv = {
    DYNAMODB_ENDPOINT: spec.endpoint,
    BASELINE_TABLE_NAME: spec.tableName,
    BASELINE_KEY: JSON.stringify(spec.userItemKey),
  };
  const gatehouse = () => coldRun(bundles.gatehouse.outfile, gatehouseEnv, meEvent, nodeArgs);
  const baseline = () => coldRun(bundles.baseline.outfile, baselineEnv, meEvent, nodeArgs);
  // The first start of each pays for the OS page cache; it is not what Lambda measures.
  await gatehouse();
  await baseline();
  const results = { gatehouse: [] as ColdRun[], baseline: [] as ColdRun[] };
  for (let i = 0; i < runs; i++) {
    results.gatehouse.push(await gatehouse());
    results.baseline.push(await baseline());
  }
  return {
    gatehouse: summarizeRuns(results.gatehouse),
    baseline: summarizeRuns(results.baseline),
  };
}
