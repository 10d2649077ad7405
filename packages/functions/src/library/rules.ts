import { forbidden, type Principal, type Role } from "@gatehouse/core";
import { allow, and, type IRules, or, rule } from "graphql-shield";
import { type GateContext, gateError, recentError } from "../graphql/gates.js";

/** Any graphql-shield rule, logic rules included (the package exports no name for it). */
export type ShieldRule = Exclude<IRules, Record<string, unknown>>;

// The rule helpers a team puts on its own fields, built like Gatehouse's own (permissions.ts):
// they *return* coded errors (UNAUTHENTICATED for "sign in", FORBIDDEN for "you may not"), a
// rule reading only the principal is cached per request, one reading `parent` never.
// Every rule but `everyone` puts Gatehouse's assurance gates first (graphql/gates.ts): a
// user with a second factor at aal1 gets MFA_REQUIRED, and with GATEHOUSE_REQUIRE_VERIFIED_EMAIL
// an unverified one EMAIL_NOT_VERIFIED, on a team's fields as on Gatehouse's.

/** A rule for one field of a team's schema, made by the helpers below. */
export interface FieldRule {
  /** The graphql-shield rule that guards the field. */
  readonly shield: ShieldRule;
  /**
   * The rule's decision from the principal alone, when it reads nothing else: the AppSync
   * authorizer denies such a field up front (`deniedFields`). Absent for `isOwner`.
   */
  readonly decide?: (principal: Principal | null) => boolean;
  /** The roles the rule names, checked against the configured set at start. */
  readonly roles: readonly Role[];
}

/** The team's rules: `{ Type: { field: rule } }`, one for every field of theirs. */
export type TeamRules = Readonly<Record<string, Readonly<Record<string, FieldRule>>>>;

/** Anyone, signed in or not (a field of an object whose parent field is already guarded). */
export const everyone: FieldRule = { shield: allow, decide: () => true, roles: [] };

/** A signed-in caller past the assurance gates; anonymous gets UNAUTHENTICATED. */
export const signedIn: FieldRule = {
  shield: rule("team:signedIn", { cache: "contextual" })(
    (_parent, _args, context: GateContext) => gateError(context) ?? true,
  ),
  decide: (principal) => principal !== null,
  roles: [],
};

// One rule per role: graphql-shield refuses two different rules of one name.
const byRole = new Map<Role, FieldRule>();

/** A caller holding `role` (one of the configured roles); anonymous: UNAUTHENTICATED. */
export function hasRole(role: Role): FieldRule {
  const known = byRole.get(role);
  if (known !== undefined) return known;
  const made: FieldRule = {
    shield: rule(`team:hasRole(${role})`, { cache: "contextual" })(
      (_parent, _args, context: GateContext) => {
        const gate = gateError(context);
        if (gate !== undefined) return gate;
        return context.principal?.roles.includes(role) || forbidden();
      },
    ),
    decide: (principal) => principal?.roles.includes(role) ?? false,
    roles: [role],
  };
  byRole.set(role, made);
  return made;
}

/**
 * A signed-in caller past the assurance gates whose sign-in is recent: `auth_time` within
 * `GATEHOUSE_REAUTH_MAX_AGE`, and aal2 for a user with a second factor; otherwise
 * REAUTHENTICATION_REQUIRED. For a team's sensitive fields, alone or with `all(hasRole(..), recentSignIn)`.
 */
export const recentSignIn: FieldRule = {
  shield: rule("team:recentSignIn", { cache: "contextual" })(
    (_parent, _args, context: GateContext) => gateError(context) ?? recentError(context) ?? true,
  ),
  // It depends on the time of the request, which an authorizer's cached answer outlives.
  roles: [],
};

let owners = 0;

/**
 * A caller for whom `owns(parent, principal)` is true: the object being resolved belongs to
 * them. It reads `parent`, so it is never cached (each object is judged on its own).
 */
export function isOwner<TParent = never>(
  owns: (parent: TParent, principal: Principal) => boolean,
): FieldRule {
  owners += 1;
  return {
    shield: rule(`team:isOwner#${owners}`, { cache: "no_cache" })(
      (parent: TParent, _args, context: GateContext) => {
        const gate = gateError(context);
        if (gate !== undefined || context.principal === null) return gate ?? forbidden();
        return owns(parent, context.principal) || forbidden();
      },
    ),
    roles: [],
  };
}

function combined(rules: readonly FieldRule[], shield: ShieldRule, every: boolean): FieldRule {
  const decisions = rules.map((item) => item.decide);
  const principalOnly = decisions.every((decide) => decide !== undefined);
  return {
    shield,
    ...(principalOnly
      ? {
          decide: (principal: Principal | null) =>
            every
              ? decisions.every((decide) => decide?.(principal))
              : decisions.some((decide) => decide?.(principal)),
        }
      : {}),
    roles: rules.flatMap((item) => item.roles),
  };
}

/** Any one of `rules`; when none passes, the first one's error (UNAUTHENTICATED or FORBIDDEN). */
export function any(...rules: readonly FieldRule[]): FieldRule {
  return combined(rules, or(...rules.map((item) => item.shield)), false);
}

/** Every one of `rules`; the first failing one's error. */
export function all(...rules: readonly FieldRule[]): FieldRule {
  return combined(rules, and(...rules.map((item) => item.shield)), true);
}
