// The package's one public entry, for the tests, the testing package and the scripts. The
// Lambda entry points are handlers/*.ts; nothing deployed imports this file.
export {
  type ApiGatewayAuthorizerResult,
  type AppSyncAuthorizerResult,
  type CallerContext,
  createApiGatewayAuthorizer,
  createAppSyncAuthorizer,
} from "./auth/gateway-authorizers.js";
export { type Config, parseConfig } from "./config.js";
export { ACCESS, type Access, fieldsDeniedTo } from "./graphql/access.js";
export type { GraphQLContext } from "./graphql/context.js";
export { createGraphqlHandler } from "./graphql/handler.js";
export { MUTATION_AUDIT, MUTATIONS } from "./graphql/mutations.js";
export { createSchema, servedSchemaProblems } from "./graphql/server.js";
export type { HttpHandler } from "./http/responses.js";
export { createHttpHandler } from "./http/router.js";
export { loadOrCreateDevKeys } from "./local/dev-keys.js";
export { type EmbeddedDynamo, ensureTable, startEmbeddedDynamo } from "./local/dynalite.js";
export { httpListener } from "./local/http-adapter.js";
export { type FakeContextFields, fakeLambdaContext } from "./local/lambda-context.mjs";
export { type LocalRuntime, startLocalRuntime } from "./local/local-runtime.js";
export { type LocalServer, startLocalServer } from "./local/server.js";
export {
  LOCAL_SETTINGS,
  type LocalSettings,
  loadLocalSettings,
  parseLocalSettings,
} from "./local/settings.js";
export {
  createRuntime,
  loadConfig,
  type Runtime,
  type RuntimeOverrides,
} from "./runtime.js";
export { SETTINGS } from "./settings.js";
