export { type Config, parseConfig } from "./config.js";
export type { GraphQLContext } from "./graphql/context.js";
export { ACCESS, type Access } from "./graphql/permissions.js";
export { createSchema } from "./graphql/server.js";
export { createGraphqlHandler } from "./graphql.js";
export type { HttpHandler } from "./http-response.js";
export { type EmbeddedDynamo, ensureTable, startEmbeddedDynamo } from "./local/dynalite.js";
export { createHttpHandler } from "./router.js";
export { createRuntime, type Runtime, type RuntimeOverrides } from "./runtime.js";
