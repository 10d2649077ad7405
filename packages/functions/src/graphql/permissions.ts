import { GatehouseError, isAdmin } from "@gatehouse/core";
import { GraphQLError } from "graphql";
import type { IRule } from "graphql-shield";
import { allow, deny, rule, shield } from "graphql-shield";
import { ACCESS, type Access } from "./access.js";
import type { GraphQLContext } from "./context.js";
import type { UserModel } from "./models.js";

// Rules *return* coded errors so a client can tell "sign in" (UNAUTHENTICATED) from "you may
// not" (FORBIDDEN). `cache: "contextual"` only where the rule reads nothing but the principal;
// a rule reading args or parent is cached per arguments or not at all.

const notSignedIn = () => new GatehouseError("NOT_AUTHENTICATED", "You must be signed in.");
const notAllowed = () => new GatehouseError("FORBIDDEN", "You are not allowed to do this.");

const isSignedIn = rule("isSignedIn", { cache: "contextual" })(
  (_parent, _args, context: GraphQLContext) => context.principal !== null || notSignedIn(),
);

const isAdminRule = rule("isAdmin", { cache: "contextual" })(
  (_parent, _args, context: GraphQLContext) => {
    if (context.principal === null) return notSignedIn();
    return isAdmin(context.principal) || notAllowed();
  },
);

/** ADMIN, or the caller when the argument names them (absent or null: the caller). */
const isAdminOrSelfArgument = (argument: string) =>
  rule(`isAdminOrSelf(${argument})`, { cache: "strict" })(
    (_parent, args: Record<string, unknown>, context: GraphQLContext) => {
      const caller = context.principal;
      if (caller === null) return notSignedIn();
      const named = args[argument];
      return isAdmin(caller) || named == null || named === caller.userId || notAllowed();
    },
  );

/** ADMIN, or the caller when they own the parent user object. Reads `parent`: never cached. */
const isAdminOrOwner = rule("isAdminOrOwner", { cache: "no_cache" })(
  (parent: UserModel, _args, context: GraphQLContext) =>
    parent.ownedByCaller || isAdmin(context.principal) || notAllowed(),
);

/** The argument that `adminOrSelf` compares with the caller, per field. */
const SELF_ARGUMENT: Record<string, string> = {
  "Query.user": "id",
  "Mutation.revokeAllSessions": "userId",
};

function ruleFor(access: Access, coordinate: string): IRule | typeof allow {
  switch (access) {
    case "public":
      return allow;
    case "signedIn":
      return isSignedIn;
    case "admin":
      return isAdminRule;
    case "adminOrOwner":
      return isAdminOrOwner;
    case "adminOrSelf": {
      const argument = SELF_ARGUMENT[coordinate];
      if (argument === undefined) throw new TypeError(`No self argument for ${coordinate}`);
      return isAdminOrSelfArgument(argument);
    }
  }
}

/** The shield middleware: deny by default, FORBIDDEN when denied, resolver errors kept. */
export function permissions() {
  const ruleTree = Object.fromEntries(
    Object.entries(ACCESS).map(([type, fields]) => [
      type,
      Object.fromEntries(
        Object.entries(fields).map(([field, access]) => [
          field,
          ruleFor(access as Access, `${type}.${field}`),
        ]),
      ),
    ]),
  );
  return shield(ruleTree, {
    fallbackRule: deny,
    allowExternalErrors: true,
    fallbackError: new GraphQLError("You are not allowed to do this.", {
      extensions: { code: "FORBIDDEN" },
    }),
  });
}
