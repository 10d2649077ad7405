import { unknownRole } from "./errors.js";

/**
 * A role name, as it appears in the `roles` claim and in the schema. Which names exist is
 * configuration (a `RoleSet`), checked wherever a role comes in: token verification,
 * `setRoles`/`createUser` and the admin CLI.
 */
export type Role = string;

/** What sign-up grants. */
export const USER: Role = "USER";
/** What Gatehouse's own rules need to manage accounts and other users' tokens. */
export const ADMIN: Role = "ADMIN";
/** The role set when none is configured. */
export const DEFAULT_ROLES: readonly Role[] = [USER, ADMIN];

/** The shape of a role name: an upper-case word, as GraphQL enum values are by convention. */
export const ROLE_NAME = /^[A-Z][A-Z0-9_]{0,31}$/;

/** The configured roles: every name a token, an account or an admin may use. */
export interface RoleSet {
  /** In configured order, which is also the order `normalize` sorts into. */
  readonly names: readonly Role[];
  /** True when `value` names a role of the set. */
  has(value: unknown): value is Role;
  /** Removes duplicates and sorts roles into the set's order. */
  normalize(roles: readonly Role[]): Role[];
  /** `roles` normalised, or `BAD_USER_INPUT` naming the unknown ones and the allowed ones. */
  accept(roles: readonly string[]): Role[];
}

/** What is wrong with `names` as a role set: malformed or repeated names, USER or ADMIN missing. */
export function roleSetProblems(names: readonly string[]): string[] {
  const problems = names
    .filter((name) => !ROLE_NAME.test(name))
    .map(
      (name) =>
        `"${name}" is not a role name (A-Z, 0-9 and _, starting with a letter, at most 32 characters)`,
    );
  const repeated = names.filter((name, index) => names.indexOf(name) !== index);
  if (repeated.length > 0) problems.push(`${[...new Set(repeated)].join(", ")} listed twice`);
  if (!names.includes(USER)) problems.push("USER is missing: sign-up grants it");
  if (!names.includes(ADMIN)) problems.push("ADMIN is missing: Gatehouse's own rules need it");
  return problems;
}

/** Builds a role set from configured names; fails with a `TypeError` listing every problem. */
export function createRoleSet(names: readonly string[]): RoleSet {
  const problems = roleSetProblems(names);
  if (problems.length > 0) throw new TypeError(`Invalid role set: ${problems.join("; ")}`);
  const known: readonly Role[] = [...names];
  const has = (value: unknown): value is Role => typeof value === "string" && known.includes(value);
  const normalize = (roles: readonly Role[]) => known.filter((role) => roles.includes(role));
  return {
    names: known,
    has,
    normalize,
    accept(roles) {
      const unknown = roles.filter((role) => !has(role));
      // Only a well-formed name is echoed back: anything else could be any length or text.
      const shown = unknown.map((role) => (ROLE_NAME.test(role) ? role : "(malformed)"));
      if (unknown.length > 0) throw unknownRole(shown, known);
      return normalize(roles);
    },
  };
}

/** USER and ADMIN: the set when none is configured. */
export const DEFAULT_ROLE_SET: RoleSet = createRoleSet(DEFAULT_ROLES);
