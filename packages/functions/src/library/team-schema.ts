import type { RoleSet } from "@gatehouse/core";
import { type DocumentNode, type GraphQLSchema, isObjectType, Kind, parse } from "graphql";
import { typeDefs as gatehouseTypeDefs } from "../graphql/__generated__/type-defs.js";
import { ACCESS } from "../graphql/access.js";
import type { TeamRules } from "./rules.js";

// The checks that keep deny-by-default true across Gatehouse's schema and a team's: every
// field of theirs has a rule, nothing of Gatehouse's is redefined, re-resolved or re-ruled, and
// every rule names a field and a role that exist. `createGatehouse` runs them at start; a team
// runs the same in its tests through `assertEveryFieldHasARule`.

/** A team's SDL: a string, a parsed document, or a list of either. */
export type TeamTypeDefs = string | DocumentNode | readonly (string | DocumentNode)[];

const GATEHOUSE_FIELDS: Readonly<Record<string, Readonly<Record<string, unknown>>>> = ACCESS;

let gatehouseTypes: ReadonlySet<string> | undefined;

/** The names of Gatehouse's own types (object, input, enum, scalar), from its SDL. */
function gatehouseTypeNames(): ReadonlySet<string> {
  gatehouseTypes ??= new Set(
    parse(gatehouseTypeDefs).definitions.flatMap((node) =>
      "name" in node && node.name !== undefined ? [node.name.value] : [],
    ),
  );
  return gatehouseTypes;
}

/** The team's SDL as parsed documents. */
export function teamDocuments(typeDefs: TeamTypeDefs | undefined): DocumentNode[] {
  if (typeDefs === undefined) return [];
  const list = Array.isArray(typeDefs) ? typeDefs : [typeDefs];
  return list.map((item: string | DocumentNode) => (typeof item === "string" ? parse(item) : item));
}

/** What of Gatehouse's the team's SDL redefines: whole types, or fields of Gatehouse's types. */
function redefinedInSdl(documents: readonly DocumentNode[]): string[] {
  const own = gatehouseTypeNames();
  return documents.flatMap((document) =>
    document.definitions.flatMap((node) => {
      if (!("name" in node) || node.name === undefined || !own.has(node.name.value)) return [];
      const type = node.name.value;
      // Only an object type of Gatehouse's may be extended, and only with new fields.
      if (node.kind !== Kind.OBJECT_TYPE_EXTENSION) return [type];
      return (node.fields ?? [])
        .map((field) => field.name.value)
        .filter((field) => GATEHOUSE_FIELDS[type]?.[field] !== undefined)
        .map((field) => `${type}.${field}`);
    }),
  );
}

/** Gatehouse's fields (or types) named in a `{ Type: { field } }` map of the team's. */
function gatehouseEntries(map: Readonly<Record<string, unknown>> | undefined): string[] {
  const own = gatehouseTypeNames();
  return Object.entries(map ?? {}).flatMap(([type, fields]) => {
    if (!own.has(type)) return [];
    if (GATEHOUSE_FIELDS[type] === undefined || typeof fields !== "object" || fields === null) {
      return [type];
    }
    return Object.keys(fields)
      .filter((field) => GATEHOUSE_FIELDS[type]?.[field] !== undefined)
      .map((field) => `${type}.${field}`);
  });
}

/** What the team may not do to Gatehouse's schema, each problem a sentence. */
export function overrideProblems(parts: {
  readonly documents: readonly DocumentNode[];
  readonly resolvers?: Readonly<Record<string, unknown>>;
  readonly rules?: TeamRules;
}): string[] {
  const problems: string[] = [];
  const sdl = redefinedInSdl(parts.documents);
  if (sdl.length > 0) problems.push(`typeDefs redefine Gatehouse's own ${sdl.join(", ")}`);
  const resolved = gatehouseEntries(parts.resolvers);
  if (resolved.length > 0) {
    problems.push(`resolvers override Gatehouse's own ${resolved.join(", ")}`);
  }
  const ruled = gatehouseEntries(parts.rules);
  if (ruled.length > 0) problems.push(`rules override Gatehouse's own ${ruled.join(", ")}`);
  return problems;
}

/**
 * Deny by default, checked: every field of the merged schema that is not Gatehouse's needs a
 * team rule, every team rule a field, and every role a rule names must be configured.
 */
export function ruleProblems(schema: GraphQLSchema, rules: TeamRules, roles: RoleSet): string[] {
  const problems: string[] = [];
  const missing: string[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (!isObjectType(type) || type.name.startsWith("__")) continue;
    for (const field of Object.keys(type.getFields())) {
      const ruled = GATEHOUSE_FIELDS[type.name]?.[field] ?? rules[type.name]?.[field];
      if (ruled === undefined) missing.push(`${type.name}.${field}`);
    }
  }
  if (missing.length > 0) problems.push(`fields without a rule: ${missing.join(", ")}`);
  const unknown = Object.entries(rules).flatMap(([type, fields]) => {
    const known = schema.getType(type);
    return Object.keys(fields)
      .filter((field) => !isObjectType(known) || known.getFields()[field] === undefined)
      .map((field) => `${type}.${field}`);
  });
  if (unknown.length > 0)
    problems.push(`rules for fields the schema does not have: ${unknown.join(", ")}`);
  const named = Object.values(rules).flatMap((fields) =>
    Object.values(fields).flatMap((rule) => rule.roles),
  );
  const unconfigured = [...new Set(named)].filter((role) => !roles.has(role));
  if (unconfigured.length > 0) {
    problems.push(
      `rules name roles that are not configured: ${unconfigured.join(", ")} (GATEHOUSE_ROLES: ${roles.names.join(",")})`,
    );
  }
  return problems;
}

/** Throws one `TypeError` listing every problem, as configuration does at cold start. */
export function failOn(problems: readonly string[]): void {
  if (problems.length > 0) {
    throw new TypeError(`Invalid Gatehouse API:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  }
}
