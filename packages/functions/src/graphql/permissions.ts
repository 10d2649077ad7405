import { forbidden, isAdmin, notSignedIn } from "@gatehouse/core";
import type { IRule } from "graphql-shield";
import { allow, chain, deny, rule, shield } from "graphql-shield";
import type { ShieldRule, TeamRules } from "../library/rules.js";
import { ACCESS, type FieldAccess, gateOf } from "./access.js";
import type { GraphQLContext } from "./context.js";
import { type Gate, gateError, recentError } from "./gates.js";
import type { UserModel } from "./models.js";

// Rules *return* coded errors so a client can tell "sign in" (UNAUTHENTICATED) from "you may
// not" (FORBIDDEN). `cache: "contextual"` only where the rule reads nothing but the principal;
// a rule reading args or parent is cached per arguments or not at all.

const isSignedIn = rule("isSignedIn", { cache: "contextual" })(
  (_parent, _args, context: GraphQLContext) => context.principal !== null || notSignedIn(),
);

const isAdminRule = rule("isAdmin", { cache: "contextual" })(
  (_parent, _args, context: GraphQLContext) => {
    if (context.principal === null) return notSignedIn();
    return isAdmin(context.principal) || forbidden();
  },
);

/** ADMIN, or the caller when the argument names them (absent or null: the caller). */
const isAdminOrSelfArgument = (argument: string) =>
  rule(`isAdminOrSelf(${argument})`, { cache: "strict" })(
    (_parent, args: Record<string, unknown>, context: GraphQLContext) => {
      const caller = context.principal;
      if (caller === null) return notSignedIn();
      const named = args[argument];
      return isAdmin(caller) || named == null || named === caller.userId || forbidden();
    },
  );

/** ADMIN, or the caller when they own the parent user object. Reads `parent`: never cached. */
const isAdminOrOwner = rule("isAdminOrOwner", { cache: "no_cache" })(
  (parent: UserModel, _args, context: GraphQLContext) =>
    parent.ownedByCaller || isAdmin(context.principal) || forbidden(),
);

// The assurance gates (gates.ts), one rule per kind: they read only what the request holds.
const gated = rule("gate:secondFactorAndEmail", { cache: "contextual" })(
  (_parent, _args, context: GraphQLContext) => gateError(context) ?? true,
);
const gatedButUnverified = rule("gate:secondFactor", { cache: "contextual" })(
  (_parent, _args, context: GraphQLContext) => gateError(context, "unverified") ?? true,
);
const recentSignIn = rule("gate:recent", { cache: "contextual" })(
  (_parent, _args, context: GraphQLContext) => recentError(context) ?? true,
);

/**
 * A root field's access rule behind its gates, checked in the order gates.ts gives:
 * signed in, second factor, email, then access (FORBIDDEN), then a recent sign-in.
 */
function gatedRule(access: IRule, gate: Gate | "gated"): ShieldRule {
  switch (gate) {
    case "open":
      return access;
    case "unverified":
      return chain(gatedButUnverified, access);
    case "gated":
      return chain(gated, access);
    case "recent":
      return chain(gated, access, recentSignIn);
  }
}

function ruleFor(access: FieldAccess): IRule | typeof allow {
  if (typeof access === "object") return isAdminOrSelfArgument(access.adminOrSelf);
  switch (access) {
    case "public":
      return allow;
    case "signedIn":
      return isSignedIn;
    case "admin":
      return isAdminRule;
    case "adminOrOwner":
      return isAdminOrOwner;
  }
}

/**
 * The shield middleware: deny by default, FORBIDDEN when denied, resolver errors kept. A
 * team's rules join Gatehouse's (they never replace one: `overrideProblems` refuses that).
 */
export function permissions(teamRules: TeamRules = {}) {
  const ruleTree: Record<string, Record<string, ShieldRule>> = Object.fromEntries(
    Object.entries(ACCESS).map(([type, fields]) => [
      type,
      Object.fromEntries(
        Object.entries(fields).map(([field, entry]) => {
          const access = entry as FieldAccess;
          const gate = gateOf(type, field, access);
          const base = ruleFor(access);
          const guarded: ShieldRule =
            gate === null || base === allow ? base : gatedRule(base as IRule, gate);
          return [field, guarded];
        }),
      ),
    ]),
  );
  for (const [type, fields] of Object.entries(teamRules)) {
    ruleTree[type] = {
      ...ruleTree[type],
      ...Object.fromEntries(Object.entries(fields).map(([field, rule]) => [field, rule.shield])),
    };
  }
  return shield(ruleTree, {
    fallbackRule: deny,
    allowExternalErrors: true,
    fallbackError: () => forbidden(),
  });
}
