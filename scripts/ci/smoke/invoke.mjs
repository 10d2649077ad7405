// Runs inside the Node binary under test (see scripts/ci/smoke-node24.ts): loads a bundled Lambda
// module with an ES module import, as the Lambda Node.js runtime does, then answers each
// `{ handler, event }` the parent sends over IPC with that export's result. Plain JavaScript on
// purpose: nothing but the bundle and Node itself is exercised.
import { pathToFileURL } from "node:url";

const [bundle] = process.argv.slice(2);
let invocations = 0;

const lambdaContext = () => ({
  callbackWaitsForEmptyEventLoop: false,
  functionName: "gatehouse-smoke",
  functionVersion: "$LATEST",
  invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:gatehouse-smoke",
  memoryLimitInMB: "1024",
  awsRequestId: `smoke-${++invocations}`,
  logGroupName: "/aws/lambda/gatehouse-smoke",
  logStreamName: "smoke",
  getRemainingTimeInMillis: () => 10_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
});

const describe = (error) =>
  error instanceof Error ? (error.stack ?? error.message) : String(error);

try {
  const exports = await import(pathToFileURL(bundle).href);
  process.on("message", async ({ handler, event }) => {
    try {
      if (typeof exports[handler] !== "function") throw new TypeError(`no export ${handler}`);
      process.send({ result: await exports[handler](event, lambdaContext()) });
    } catch (error) {
      process.send({ error: describe(error) });
    }
  });
  process.send({ ready: process.version });
} catch (error) {
  process.send({ error: `loading ${bundle} failed: ${describe(error)}` });
  process.disconnect();
}
