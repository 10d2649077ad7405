import { ApolloServer, type ApolloServerPlugin } from "@apollo/server";
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from "@apollo/server/plugin/disabled";
import { ApolloServerPluginLandingPageLocalDefault } from "@apollo/server/plugin/landingPage/default";
import type { Logger } from "@aws-lambda-powertools/logger";
import { ApolloArmor } from "@escape.tech/graphql-armor";
import { DEFAULT_ROLE_SET, type RoleSet } from "@gatehouse/core";
import { addResolversToSchema, makeExecutableSchema } from "@graphql-tools/schema";
import {
  buildASTSchema,
  type DocumentNode,
  type GraphQLSchema,
  parse,
  validateSchema,
} from "graphql";
import { applyMiddleware } from "graphql-middleware";
import type { TeamRules } from "../library/rules.js";
import { failOn, ruleProblems } from "../library/team-schema.js";
import type { Runtime } from "../runtime.js";
import { typeDefs } from "./__generated__/type-defs.js";
import { auditMutations } from "./audit-middleware.js";
import type { GraphQLContext } from "./context.js";
import { fieldErrorStatus, formatError } from "./errors.js";
import { permissions } from "./permissions.js";
import { resolvers } from "./resolvers/index.js";
import { explainUnknownRoles, roleTypeDefs } from "./role-enum.js";
import { singleCredentialField } from "./validation.js";

/** A field error answers the status the table gives it (a store failure: 503, as in context). */
const fieldErrorStatusPlugin: ApolloServerPlugin<GraphQLContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ response, errors }) {
        const status = fieldErrorStatus(errors ?? []);
        if (status !== undefined) response.http.status = status;
      },
    };
  },
};

/**
 * Logs an unexpected error by name only: its message may carry store or token text. In
 * development the stack frames follow, still without the message line.
 */
function logUnexpected(logger: Logger, development: boolean) {
  return (error: unknown) => {
    const name = error instanceof Error ? error.name : typeof error;
    const frames =
      development && error instanceof Error
        ? error.stack?.split("\n").filter((line) => line.trimStart().startsWith("at "))
        : undefined;
    logger.error("Unexpected error", { name, ...(frames ? { frames } : {}) });
  };
}

/** The contract's document limits: depth, aliases, tokens, and armor's directive default. */
export const DOCUMENT_LIMITS = {
  maxDepth: 10,
  maxAliases: 15,
  maxTokens: 2000,
  maxDirectives: 50,
} as const;

/**
 * Depth and alias limits from graphql-armor; the limits are named in the error message (they
 * are in the public contract anyway). Every alias counts, `__typename` too. Sandbox's
 * introspection query is deeper than 10, so it is exempt in development only; production
 * refuses it like any other deep document. Tokens are limited by graphql-js's own parser
 * (`parseOptions.maxTokens`): cheaper than a second parse, and a clean 400.
 */
function armor(development: boolean) {
  return new ApolloArmor({
    maxDepth: { n: DOCUMENT_LIMITS.maxDepth, ignoreIntrospection: development },
    maxAliases: { n: DOCUMENT_LIMITS.maxAliases, allowList: [] },
    maxDirectives: { n: DOCUMENT_LIMITS.maxDirectives },
    maxTokens: { enabled: false },
    costLimit: { ignoreIntrospection: development },
    // Apollo's `hideSchemaDetailsFromClientErrors` already drops "Did you mean" in
    // production; armor's copy would only add a plugin to every request.
    blockFieldSuggestion: { enabled: false },
  }).protect();
}

/** A team's part of the schema (`createGatehouse`), already checked against Gatehouse's own. */
export interface TeamSchema {
  readonly documents: readonly DocumentNode[];
  readonly resolvers: Readonly<Record<string, unknown>>;
  readonly rules: TeamRules;
}

/**
 * The schema with every field behind its shield rule, and every mutation audited around it
 * (outside the shield: the audit sees its refusals too); the `Role` enum holds `roles`. A
 * team's part is merged in, and the build fails when a field of theirs has no rule.
 */
export function createSchema(
  roles: RoleSet = DEFAULT_ROLE_SET,
  team?: TeamSchema,
  validate = false,
) {
  // Gatehouse's SDL is generated from schema.graphql and the schema is checked whole by a test
  // (`servedSchemaProblems`): validating both again at every cold start costs ≈5 ms. A team's
  // is validated where it is developed (development mode, and `assertEveryFieldHasARule` in
  // its tests), not at every production cold start; which rule guards which field is checked
  // at every start, whatever the mode.
  const schema =
    team === undefined
      ? // Gatehouse's own SDL is one document with no duplicate types to merge: built as it
        // is, without graphql-tools' merge step (≈3 ms of every cold start).
        addResolversToSchema({
          schema: buildASTSchema(parse([typeDefs, ...roleTypeDefs(roles)].join("\n")), {
            assumeValidSDL: !validate,
            assumeValid: !validate,
          }),
          resolvers,
          // The schema was built just above and nothing else holds it: no copy needed.
          updateResolversInPlace: true,
        })
      : makeExecutableSchema({
          typeDefs: [typeDefs, ...roleTypeDefs(roles), ...team.documents],
          // The team's resolvers are checked by graphql-tools against the schema as it merges them.
          resolvers: [resolvers, team.resolvers as typeof resolvers],
          assumeValidSDL: !validate,
          assumeValid: !validate,
        });
  if (validate) failOn(validateSchema(schema).map((error) => error.message));
  if (team !== undefined) failOn(ruleProblems(schema, team.rules, roles));
  const served = auditMutations(applyMiddleware(schema, permissions(team?.rules)));
  // On the served schema: the middleware copies types, which would drop it.
  explainUnknownRoles(served, roles);
  return served;
}

/**
 * What GraphQL's own validation finds wrong with the served schema, built with every check on:
 * the cold start skips them (`createSchema`), so a test must find none.
 */
export function servedSchemaProblems(roles: RoleSet = DEFAULT_ROLE_SET): readonly string[] {
  const schema = makeExecutableSchema({ typeDefs: [typeDefs, ...roleTypeDefs(roles)], resolvers });
  return validateSchema(schema).map((error) => error.message);
}

/**
 * Apollo Server, configured for the environment: development gets the Sandbox landing page
 * and introspection; production gets neither, nor field suggestions. Stack traces never.
 */
export function createGraphqlServer(
  runtime: Runtime,
  schema: GraphQLSchema = createSchema(runtime.config.auth.roles),
): ApolloServer<GraphQLContext> {
  const development = runtime.config.environment === "development";
  const log = logUnexpected(runtime.telemetry.logger, development);
  const limits = armor(development);
  return new ApolloServer<GraphQLContext>({
    schema,
    introspection: development,
    hideSchemaDetailsFromClientErrors: !development,
    includeStacktraceInErrorResponses: false,
    allowBatchedHttpRequests: false,
    // Automatic persisted queries are not part of the API (Apollo turns them on by default):
    // any request with the extension gets Apollo's PERSISTED_QUERY_NOT_SUPPORTED, a client
    // answer APQ clients take as "send the full query", and nothing is cached or logged.
    persistedQueries: false,
    csrfPrevention: true,
    validationRules: [singleCredentialField, ...limits.validationRules],
    parseOptions: { maxTokens: DOCUMENT_LIMITS.maxTokens },
    formatError: (formatted, error) => formatError(formatted, error, log),
    plugins: [
      development
        ? ApolloServerPluginLandingPageLocalDefault({ embed: true, includeCookies: false })
        : ApolloServerPluginLandingPageDisabled(),
      // Every response is `no-store` (handler.ts): per-field cache hints would be computed
      // on every request only to be overwritten.
      ApolloServerPluginCacheControlDisabled(),
      fieldErrorStatusPlugin,
      ...limits.plugins,
    ],
  });
}
