import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import { ApolloServerPluginLandingPageDisabled } from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import { makeExecutableSchema } from "@graphql-tools/schema";
import { applyMiddleware } from "graphql-middleware";
import type { Runtime } from "../runtime.js";
import { typeDefs } from "./__generated__/type-defs.js";
import type { GraphQLContext } from "./context.js";
import { formatError, isStoreFailure } from "./errors.js";
import { permissions } from "./permissions.js";
import { resolvers } from "./resolvers/index.js";
import { singleCredentialField } from "./validation.js";

/** A store failure inside a resolver answers 503, as one in the context builder does. */
const storeFailureStatus: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, errors }) {
        if (errors?.some(isStoreFailure)) response.http.status = 503;
      },
    };
  },
};

/** Logs an unexpected error by name only: its message may carry store or token text. */
function logUnexpected(development: boolean) {
  return (error: unknown) => {
    const name = error instanceof Error ? error.name : typeof error;
    const detail = development && error instanceof Error ? { stack: error.stack } : {};
    console.error(JSON.stringify({ level: "error", message: "Unexpected error", name, ...detail }));
  };
}

/** The schema with every field behind its shield rule. */
export function createSchema() {
  return applyMiddleware(makeExecutableSchema({ typeDefs, resolvers }), permissions());
}

/**
 * Apollo Server, configured for the environment: development gets the Sandbox landing page
 * and introspection; production gets neither, nor field suggestions. Stack traces never.
 */
export function createGraphqlServer(runtime: Runtime): ApolloServer<GraphQLContext> {
  const development = runtime.config.environment === "development";
  const log = logUnexpected(development);
  return new ApolloServer<GraphQLContext>({
    schema: createSchema(),
    introspection: development,
    hideSchemaDetailsFromClientErrors: !development,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    csrfPrevention: true,
    validationRules: [singleCredentialField],
    formatError: (formatted, error) => formatError(formatted, error, log),
    plugins: [
      development
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
        : ApolloServerPluginLandingPageDisabled(),
      storeFailureStatus,
    ],
  });
}
