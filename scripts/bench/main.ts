// `npm run bench`: what Gatehouse costs per request, at cold start and in bytes, against a bare
// Apollo Server baseline measured in the same run. See "Performance" in the README.
import { cpus } from "node:os";
import { parseArgs } from "node:util";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { graphqlEvent } from "@gatehouse/testing/http";
import { createBaselineHandler } from "./baseline.js";
import { bundleBoth, coldStarts } from "./cold.js";
import {
  type BenchApp,
  createFixture,
  moreTokens,
  OPERATIONS,
  PASSWORD,
  startDynamoProcess,
} from "./fixtures.js";
import { formatTable, mib, type Results, targets } from "./report.js";
import { expectData, expectError, type InvocationCase, invokeOnce, measure } from "./runner.js";
import { type Summary, summarize } from "./stats.js";

const CASES = [
  "baseline",
  "baseline+read",
  "anon",
  "me",
  "me-aal2",
  "me-cpu",
  "me-cpu-new-token",
  "login",
  "login-wrong",
  "login-unknown",
  "rss",
  "cold",
  "bundle",
];
const USAGE = `Usage:
  npm run bench                   the table
  npm run bench -- --json         the same as JSON
  npm run bench -- --only me,baseline+read   some cases only (for profiling)
  npm run bench -- --only cold --profile-cold /tmp/prof   CPU profiles of the cold starts
  npm run bench -- --app notes   the same, with the notes example's API beside Gatehouse's
  node --cpu-prof --conditions=@gatehouse/source --import tsx scripts/bench/main.ts --only me   a CPU profile of the me loop
Cases: ${CASES.join(", ")}.`;

/** The command line, or usage and exit 2 on an unknown option. */
function options() {
  try {
    return parseArgs({
      options: {
        json: { type: "boolean", default: false },
        help: { type: "boolean", short: "h", default: false },
        only: { type: "string" },
        "profile-cold": { type: "string" },
        app: { type: "string", default: "gatehouse" },
      },
    }).values;
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    process.exit(2);
  }
}
const values = options();
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
if (values.app !== "gatehouse" && values.app !== "notes") {
  console.error(`--app is gatehouse or notes (got ${values.app})\n\n${USAGE}`);
  process.exit(2);
}
const app: BenchApp = values.app;
const only = values.only?.split(",");
const unknown = only?.filter((name) => !CASES.includes(name)) ?? [];
if (unknown.length > 0) {
  console.error(`Unknown case(s) ${unknown.join(", ")}; cases are ${CASES.join(", ")}.`);
  process.exit(2);
}
const wanted = (name: string) => only === undefined || only.includes(name);
const progress = (message: string) => process.stderr.write(`bench: ${message}\n`);

// The pinned SDK warns on Node 20 once per client; the deployed Node 24 is silent.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

// Logs and EMF metrics are produced as deployed (they cost what they cost) but not printed,
// so they do not bury the report.
const stdoutWrite = process.stdout.write;
process.stdout.write = (() => true) as typeof process.stdout.write;

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

const dynamoProcess = await startDynamoProcess();
const cases: Record<string, Summary> = {};
const results: { -readonly [K in keyof Results]: Results[K] } = { cases };
try {
  const fixture = await createFixture(dynamoProcess.endpoint, app);
  const typename = () => graphqlEvent(OPERATIONS.typename);
  const me = (token: string) => () => graphqlEvent(OPERATIONS.me, {}, { token });

  const all: InvocationCase[] = [
    {
      name: "baseline",
      handler: createBaselineHandler(),
      event: typename,
      check: expectData("__typename"),
    },
    {
      name: "baseline+read",
      handler: createBaselineHandler({
        endpoint: dynamoProcess.endpoint,
        tableName: fixture.dynamo.tableName,
        key: fixture.userItemKey,
      }),
      event: typename,
      check: expectData("__typename"),
    },
    {
      name: "anon",
      handler: fixture.dynamo.handler,
      event: typename,
      check: expectData("__typename"),
    },
    {
      name: "me",
      handler: fixture.dynamo.handler,
      event: me(fixture.token),
      check: expectData("me"),
    },
    {
      // A user with TOTP, at aal2: the same one read as `me` (the factors ride on the profile).
      name: "me-aal2",
      handler: fixture.dynamo.handler,
      event: me(fixture.aal2Token),
      check: expectData("me"),
    },
    {
      name: "me-cpu",
      handler: fixture.memory.handler,
      event: me(fixture.memoryToken),
      check: expectData("me"),
    },
  ];
  const byName = (names: string[]) =>
    all.filter((spec) => names.includes(spec.name) && wanted(spec.name));

  // Without I/O, cheap: many samples. With I/O: fewer, each a round trip to the engine.
  const groups = [
    { names: ["baseline", "anon", "me-cpu"], plan: { warmup: 500, rounds: 10, perRound: 300 } },
    { names: ["baseline+read", "me", "me-aal2"], plan: { warmup: 300, rounds: 20, perRound: 100 } },
  ];
  for (const { names, plan } of groups) {
    const group = byName(names);
    if (group.length === 0) continue;
    progress(`measuring ${group.map((spec) => spec.name).join(", ")}`);
    for (const [name, samples] of await measure(group, plan)) cases[name] = summarize(samples);
  }

  // Straight after the cases above, before login's 19 MiB hashes come and go.
  if (wanted("rss")) {
    progress("measuring RSS over 1000 authenticated requests");
    const spec = all.find((candidate) => candidate.name === "me") as InvocationCase;
    for (let i = 0; i < 1000; i++) await invokeOnce(spec);
    gc();
    gc();
    const before = process.memoryUsage();
    const requests = 1000;
    for (let i = 0; i < requests; i++) await invokeOnce(spec);
    gc();
    gc();
    const after = process.memoryUsage();
    const round = (value: number) => Math.round(value * 100) / 100;
    results.rss = {
      requests,
      rssMiB: round(mib(after.rss - before.rss)),
      heapMiB: round(mib(after.heapUsed - before.heapUsed)),
    };
  }

  // Not a target: the price of a token this container has not verified yet (see README).
  if (wanted("me-cpu-new-token")) {
    progress("measuring me-cpu-new-token");
    const plan = { warmup: 200, rounds: 4, perRound: 200 };
    const tokens = await moreTokens(
      fixture.memory,
      fixture.memoryToken,
      plan.warmup + plan.rounds * plan.perRound,
    );
    const spec: InvocationCase = {
      name: "me-cpu-new-token",
      handler: fixture.memory.handler,
      event: () => graphqlEvent(OPERATIONS.me, {}, { token: tokens.pop() as string }),
      check: expectData("me"),
    };
    const samples = await measure([spec], plan);
    cases[spec.name] = summarize(samples.get(spec.name) ?? []);
  }

  if (["login", "login-wrong", "login-unknown"].some(wanted)) {
    progress("measuring login (argon2id, m=19 MiB, t=2, p=1): right, wrong and unknown");
    let sequence = 0;
    // Every attempt from its own address: the limits are not what is measured.
    const attempt = (email: string, password: string) => () => {
      const event = graphqlEvent(OPERATIONS.login, { email, password });
      sequence++;
      event.requestContext.http.sourceIp = `10.${sequence >> 16}.${(sequence >> 8) & 255}.${sequence & 255}`;
      return event;
    };
    const handler = fixture.dynamo.handler;
    const login: InvocationCase = {
      name: "login",
      handler,
      event: attempt(fixture.email, PASSWORD),
      check: expectData("login"),
    };
    // OWASP Authentication Cheat Sheet: an unknown email must not answer faster than a wrong
    // password (it checks a dummy hash), or response times tell which accounts exist.
    const wrong: InvocationCase = {
      name: "login-wrong",
      handler,
      event: attempt(fixture.email, "not the password at all"),
      check: expectError("UNAUTHENTICATED"),
    };
    const unknown: InvocationCase = {
      name: "login-unknown",
      handler,
      event: attempt("nobody-at-all@example.com", "not the password at all"),
      check: expectError("UNAUTHENTICATED"),
    };
    // Wrong passwords count toward the per-email ceiling (100 a window): 3 + 2 × 15 stay below.
    const samples = await measure([login, wrong, unknown], { warmup: 3, rounds: 2, perRound: 15 });
    for (const name of ["login", "login-wrong", "login-unknown"]) {
      cases[name] = summarize(samples.get(name) ?? []);
    }
  }

  if (wanted("bundle") || wanted("cold")) {
    progress("bundling");
    const bundles = await bundleBoth(app);
    if (wanted("bundle")) {
      results.bundle = { gatehouse: bundles.gatehouse.bytes, baseline: bundles.baseline.bytes };
    }
    if (wanted("cold")) {
      progress("measuring cold starts");
      results.cold = await coldStarts(
        bundles,
        {
          endpoint: dynamoProcess.endpoint,
          tableName: fixture.dynamo.tableName,
          signingKeys: fixture.signingKeys,
          token: fixture.token,
          userItemKey: fixture.userItemKey,
        },
        20,
        values["profile-cold"],
      );
    }
  }
} finally {
  await dynamoProcess.close();
  process.stdout.write = stdoutWrite;
}

// Cases in the order of the table, whatever order the groups ran in.
const ordered: Results = {
  ...results,
  cases: Object.fromEntries(
    CASES.filter((name) => cases[name] !== undefined).map((name) => [name, cases[name] as Summary]),
  ),
};
const machine = `node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? "cpu"}`;
if (values.json) {
  console.log(JSON.stringify({ machine, ...ordered, targets: targets(ordered) }, null, 2));
} else {
  console.log(`Gatehouse benchmark (${machine})\n`);
  console.log(formatTable(ordered));
}
