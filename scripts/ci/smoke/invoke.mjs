// Runs inside the Node binary under test (see scripts/ci/smoke-node24.ts): loads a bundled
// Lambda module with an ES module import, as the Lambda Node.js runtime does, then answers each
// `{ handler, event }` the parent sends over IPC with that export's result. Plain JavaScript on
// purpose: nothing but the bundle and Node itself is exercised (the context helper is plain
// JavaScript without imports).
import { pathToFileURL } from "node:url";
import { fakeLambdaContext } from "../../../packages/functions/src/local/lambda-context.mjs";

const [bundle] = process.argv.slice(2);
let invocations = 0;

const describe = (error) =>
  error instanceof Error ? (error.stack ?? error.message) : String(error);

try {
  const exports = await import(pathToFileURL(bundle).href);
  process.on("message", async ({ handler, event }) => {
    try {
      if (typeof exports[handler] !== "function") throw new TypeError(`no export ${handler}`);
      const context = fakeLambdaContext({
        functionName: "gatehouse-smoke",
        awsRequestId: `smoke-${++invocations}`,
        logStreamName: "smoke",
      });
      process.send({ result: await exports[handler](event, context) });
    } catch (error) {
      process.send({ error: describe(error) });
    }
  });
  process.send({ ready: process.version });
} catch (error) {
  process.send({ error: `loading ${bundle} failed: ${describe(error)}` });
  process.disconnect();
}
