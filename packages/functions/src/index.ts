// The package's public entry: `createGatehouse` and its rule helpers for a team's own Lambda
// entry files, and the pieces the tests, the testing package and the scripts use. Nothing here
// imports a dev dependency: the local runtime (dynalite) is on the `./local` subpath.
export {
  type ApiGatewayAuthorizerResult,
  type AppSyncAuthorizerResult,
  type CallerContext,
  createApiGatewayAuthorizer,
  createAppSyncAuthorizer,
} from "./auth/gateway-authorizers.js";
export { type Config, parseConfig } from "./config.js";
export { ACCESS, type Access, fieldsDeniedTo } from "./graphql/access.js";
export type { GraphQLContext, TeamContextFunction } from "./graphql/context.js";
export { createGraphqlHandler } from "./graphql/handler.js";
export { MUTATION_AUDIT, MUTATIONS } from "./graphql/mutations.js";
export { createSchema, servedSchemaProblems } from "./graphql/server.js";
export type { HttpHandler } from "./http/responses.js";
export { createHttpHandler } from "./http/router.js";
export {
  assertEveryFieldHasARule,
  createGatehouse,
  type Gatehouse,
  type GatehouseContext,
  type GatehouseOptions,
  type GatehouseParts,
  type TeamResolver,
  type TeamResolvers,
} from "./library/create-gatehouse.js";
export {
  all,
  any,
  everyone,
  type FieldRule,
  hasRole,
  isOwner,
  recentSignIn,
  type ShieldRule,
  signedIn,
  type TeamRules,
} from "./library/rules.js";
export type { TeamTypeDefs } from "./library/team-schema.js";
export {
  createRuntime,
  type GatehouseTable,
  loadConfig,
  type Runtime,
  type RuntimeOverrides,
} from "./runtime.js";
export { SETTINGS } from "./settings.js";
