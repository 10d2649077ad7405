import { type AuthHooks, DEFAULT_ROLE_SET, type Principal, type RoleSet } from "@gatehouse/core";
import type { GraphQLResolveInfo, GraphQLSchema } from "graphql";
import {
  createApiGatewayAuthorizer,
  createAppSyncAuthorizer,
} from "../auth/gateway-authorizers.js";
import type { Config } from "../config.js";
import { fieldsDeniedTo } from "../graphql/access.js";
import type { GraphQLContext, TeamContextFunction } from "../graphql/context.js";
import { createSchema, type TeamSchema } from "../graphql/server.js";
import { createHttpHandler } from "../http/router.js";
import {
  createRuntime,
  getRuntime,
  loadConfig,
  type Runtime,
  type RuntimeOverrides,
} from "../runtime.js";
import type { TeamRules } from "./rules.js";
import { failOn, overrideProblems, type TeamTypeDefs, teamDocuments } from "./team-schema.js";

/** The context a team's resolvers receive: Gatehouse's (`principal` first) and theirs on `app`. */
export type GatehouseContext<TApp = undefined> = GraphQLContext<TApp>;

/** One resolver of a team's field. */
export type TeamResolver<TApp> = (
  // biome-ignore lint/suspicious/noExplicitAny: a team types its own parents and arguments.
  parent: any,
  // biome-ignore lint/suspicious/noExplicitAny: a team types its own parents and arguments.
  args: any,
  context: GatehouseContext<TApp>,
  info: GraphQLResolveInfo,
) => unknown;

/** A team's resolvers, `{ Type: { field: resolver } }`. */
export type TeamResolvers<TApp> = Readonly<
  Record<string, Readonly<Record<string, TeamResolver<TApp>>>>
>;

/** A team's own parts of the API; with none, the API is exactly Gatehouse's. */
export interface GatehouseParts<TApp = undefined> {
  /** Their SDL: new types, and `extend type Query { ... }` / `extend type Mutation { ... }`. */
  readonly typeDefs?: TeamTypeDefs;
  readonly resolvers?: TeamResolvers<TApp>;
  /** A rule for every field of theirs (`signedIn`, `hasRole`, `isOwner`, `any`, `all`, `everyone`). */
  readonly rules?: TeamRules;
  /** Their per-request services, on `context.app`; called once per GraphQL request. */
  readonly context?: TeamContextFunction<TApp>;
  readonly hooks?: AuthHooks;
}

/** Where the runtime comes from: configuration (tests, scripts) or the container's own. */
export interface GatehouseOptions {
  /** Parsed configuration; by default the environment and SST links (`loadConfig`). */
  readonly config?: Config;
  readonly overrides?: RuntimeOverrides;
}

/** The Lambda entry points and the served schema, built once per container. */
export interface Gatehouse {
  /** The HTTP handler: `/graphql`, well-known documents, health. */
  readonly handler: ReturnType<typeof createHttpHandler>;
  /** API Gateway HTTP API Lambda authorizer. */
  readonly apiGatewayAuthorizer: ReturnType<typeof createApiGatewayAuthorizer>;
  /** AppSync `AWS_LAMBDA` authorizer; its `deniedFields` include the team's. */
  readonly appSyncAuthorizer: ReturnType<typeof createAppSyncAuthorizer>;
  /** The merged schema as served (shield and audit applied). */
  readonly schema: GraphQLSchema;
  /** What the handlers were built from: configuration, keys and services (ops, tests). */
  readonly runtime: Runtime;
}

/** What is wrong with the hooks' shape. */
function checkHooks(hooks: AuthHooks | undefined): string[] {
  // The hook's claim names depend on the profile, so reserved ones are refused at issue
  // (extraClaimsFor); here only its shape is checked.
  const problems: string[] = [];
  if (hooks?.extraClaims !== undefined && typeof hooks.extraClaims !== "function") {
    problems.push("hooks.extraClaims must be a function");
  }
  if (hooks?.mail !== undefined && typeof hooks.mail?.send !== "function") {
    problems.push("hooks.mail must be an object with a send(message) method");
  }
  return problems;
}

/** The team's SDL, resolvers and rules checked against Gatehouse's and merged into one schema. */
function teamSchema(
  parts: GatehouseParts<unknown>,
  roles: RoleSet,
  validate: boolean,
): GraphQLSchema {
  const documents = teamDocuments(parts.typeDefs);
  const resolvers = parts.resolvers ?? {};
  const rules = parts.rules ?? {};
  failOn([...checkHooks(parts.hooks), ...overrideProblems({ documents, resolvers, rules })]);
  const team: TeamSchema = { documents, resolvers, rules };
  return createSchema(roles, team, validate);
}

/** The AppSync fields a principal may never use: Gatehouse's, then the team's decided ones. */
function deniedFields(rules: TeamRules) {
  return (principal: Principal): string[] => [
    ...fieldsDeniedTo(principal),
    ...Object.entries(rules).flatMap(([type, fields]) =>
      Object.entries(fields)
        .filter(([, rule]) => rule.decide !== undefined && !rule.decide(principal))
        .map(([field]) => `${type}.${field}`),
    ),
  ];
}

function hasTeamParts(parts: GatehouseParts<unknown>): boolean {
  return Object.values(parts).some((part) => part !== undefined);
}

/**
 * Builds Gatehouse with a team's own API on it: Gatehouse's schema and rules merged with
 * theirs, deny by default across both. Throws at start (a `TypeError` listing every problem)
 * when a field of theirs has no rule, a rule names an unknown field or role, or they redefine
 * anything of Gatehouse's. Call it once per container, at module scope of the Lambda entry.
 */
export async function createGatehouse<TApp = undefined>(
  parts: GatehouseParts<TApp> = {},
  options: GatehouseOptions = {},
): Promise<Gatehouse> {
  const loose = parts as GatehouseParts<unknown>;
  const hooks = parts.hooks === undefined ? {} : { hooks: parts.hooks };
  const runtime =
    options.config === undefined && options.overrides === undefined && parts.hooks === undefined
      ? await getRuntime()
      : await createRuntime(options.config ?? loadConfig(), { ...options.overrides, ...hooks });
  const roles = runtime.config.auth.roles;
  const team = hasTeamParts(loose);
  // A team's SDL is validated in development; production trusts what its tests validated.
  const development = runtime.config.environment === "development";
  const schema = team ? teamSchema(loose, roles, development) : createSchema(roles);
  const rules = parts.rules ?? {};
  return {
    handler: createHttpHandler(runtime, {
      ...(team ? { schema } : {}),
      ...(parts.context === undefined ? {} : { context: loose.context }),
    }),
    apiGatewayAuthorizer: createApiGatewayAuthorizer(runtime),
    appSyncAuthorizer: createAppSyncAuthorizer(runtime, deniedFields(rules)),
    schema,
    runtime,
  };
}

/**
 * The check `createGatehouse` makes at start, for a team's own tests: throws a `TypeError`
 * naming every field without a rule, every rule for a missing field or unknown role, and
 * anything of Gatehouse's redefined; and, as only development mode does at start, every
 * problem GraphQL's own validation finds in the merged schema. `roles` is the configured set (USER and ADMIN by default).
 */
export function assertEveryFieldHasARule(
  parts: Pick<GatehouseParts<unknown>, "typeDefs" | "resolvers" | "rules">,
  roles: RoleSet = DEFAULT_ROLE_SET,
): void {
  teamSchema(parts, roles, true);
}
