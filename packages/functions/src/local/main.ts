// `npm start`: the deployed Lambda handler, served over node:http with an embedded DynamoDB.
// With a path (`npm run example:notes`), a team's Lambda entry file instead of Gatehouse's own.
import { accountPageServed } from "../account/settings.js";
import { announceRunning } from "./local-runtime.js";
import { startLocalServer } from "./server.js";
import { loadLocalSettings } from "./settings.js";

async function main() {
  // The SDK warns that future releases need Node 22; the pinned one runs on 20, and the
  // warning would bury the start-up lines a developer needs.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
  // EMF metric lines mean something to CloudWatch only; locally the audit log lines suffice.
  process.env.POWERTOOLS_METRICS_DISABLED ??= "true";
  const local = loadLocalSettings();
  const handlerModule = process.argv[2];
  const { config, close } = await startLocalServer(
    local,
    process.env,
    handlerModule === undefined ? {} : { handlerModule },
  );
  const forget = config.dynamoEndpoint
    ? await announceRunning(config.dynamoEndpoint)
    : async () => {};
  const url = `http://localhost:${local.port}`;
  console.log(`Gatehouse is running at ${url}/graphql (${config.environment})`);
  if (handlerModule !== undefined) console.log(`  Serving:        ${handlerModule}`);
  if (local.host !== "127.0.0.1") console.log(`  Listening on:   ${local.host} (GATEHOUSE_HOST)`);
  console.log(`  Apollo Sandbox: open ${url}/graphql in a browser`);
  if (accountPageServed(config)) console.log(`  Account page:   open ${url}/account`);
  console.log(`  A token for it: npm run token -- --email <email>  (asks for the password)`);
  console.log(`  JWKS:           ${url}/.well-known/jwks.json`);
  console.log(`  Data:           ${local.dataDir ?? "in memory (GATEHOUSE_DATA_DIR=memory)"}`);
  if (local.admin !== null) console.log(`  Admin:          ${local.admin.email}`);
  console.log("Press Ctrl-C to stop.");

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await close();
    await forget();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

main().catch((error: unknown) => {
  const code = (error as NodeJS.ErrnoException)?.code;
  if (code === "EADDRINUSE") {
    console.error(`Port ${process.env.PORT || 4000} is in use: stop the other server or set PORT.`);
  } else {
    console.error(`Gatehouse failed to start: ${error instanceof Error ? error.message : error}`);
  }
  process.exit(1);
});
