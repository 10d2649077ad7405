export { type Config, parseConfig } from "./config.js";
export {
  type ApiGatewayAuthorizerResult,
  type AppSyncAuthorizerResult,
  type CallerContext,
  createApiGatewayAuthorizer,
  createAppSyncAuthorizer,
} from "./gateway-authorizers.js";
export { ACCESS, type Access, fieldsDeniedTo } from "./graphql/access.js";
export type { GraphQLContext } from "./graphql/context.js";
export { createSchema, servedSchemaProblems } from "./graphql/server.js";
export { createGraphqlHandler } from "./graphql.js";
export type { HttpHandler } from "./http-response.js";
export { type EmbeddedDynamo, ensureTable, startEmbeddedDynamo } from "./local/dynalite.js";
export { type FakeContextFields, fakeLambdaContext } from "./local/lambda-context.mjs";
export { createHttpHandler } from "./router.js";
export { createRuntime, type Runtime, type RuntimeOverrides } from "./runtime.js";
