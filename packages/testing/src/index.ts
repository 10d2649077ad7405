export {
  countingHasher,
  createTestApp,
  fastHasher,
  TEST_ISSUER,
  type TestApp,
  type TestAppOptions,
  type TestResponse,
} from "./app.js";
export { appSyncAuthorizerEvent, httpApiAuthorizerEvent } from "./authorizer-events.js";
export { fixedClock, type TestClock } from "./clock.js";
export { graphqlEvent, httpEvent, lambdaContext, type RequestSpec } from "./events.js";
export { testSigningKeys } from "./keys.js";
export { type CapturedLogs, captureLogs } from "./logs.js";
export { memoryStores } from "./memory-stores.js";
export { TEST_SETTINGS } from "./settings.js";
export { describeStoreContract } from "./store-contract.js";
