// The HTTP side of the tests: the real handler built into a test app, the events AWS delivers
// to it and to the authorizers, and the log lines it writes. It imports @gatehouse/functions.
export {
  createTestApp,
  TEST_ISSUER,
  type TestApp,
  type TestAppOptions,
  type TestResponse,
  testResponse,
} from "./app.js";
export { appSyncAuthorizerEvent, httpApiAuthorizerEvent } from "./authorizer-events.js";
export { graphqlEvent, httpEvent, lambdaContext, type RequestSpec } from "./events.js";
export { type CapturedLogs, captureLogs } from "./logs.js";
