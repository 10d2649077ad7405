import { isAdmin, type Principal } from "@gatehouse/core";
import type { Gate } from "./gates.js";
import { MUTATION_ACCESS, MUTATION_GATES } from "./mutations.js";

// The rule map on its own, with no GraphQL or shield import: the shield (permissions.ts) and
// the AppSync authorizer both read it, and the authorizer's bundle should not carry a GraphQL
// server to do so.

/** Who may read a field: the vocabulary of the rule map and of docs/permissions.md. */
export type Access = "public" | "signedIn" | "admin" | "adminOrSelf" | "adminOrOwner";

/** A field's entry: its access, and for `adminOrSelf` the argument compared with the caller. */
export type FieldAccess = Exclude<Access, "adminOrSelf"> | { readonly adminOrSelf: string };

/** The access of an entry, without its argument. */
export function accessOf(entry: FieldAccess): Access {
  return typeof entry === "string" ? entry : "adminOrSelf";
}

/** Every field of the schema and who may use it. A field missing here is denied. */
export const ACCESS = {
  Query: {
    me: "signedIn",
    user: { adminOrSelf: "id" },
    users: "admin",
    sessions: "signedIn",
    passkeys: "signedIn",
  },
  Mutation: MUTATION_ACCESS,
  AuthPayload: {
    accessToken: "public",
    refreshToken: "public",
    tokenType: "public",
    expiresIn: "public",
    user: "public",
    secondFactorRequired: "public",
  },
  User: {
    id: "public",
    email: "adminOrOwner",
    roles: "adminOrOwner",
    createdAt: "public",
    disabled: "adminOrOwner",
    emailVerified: "adminOrOwner",
    secondFactors: "adminOrOwner",
  },
  SecondFactors: { totp: "public", passkeys: "public", recoveryCodesLeft: "public" },
  TotpEnrollment: { secret: "public", uri: "public", qrSvg: "public" },
  Session: {
    id: "public",
    createdAt: "public",
    lastUsedAt: "public",
    expiresAt: "public",
    current: "public",
  },
  // Reached only through the caller's own `passkeys` or `finishPasskeyRegistration`.
  Passkey: { id: "public", name: "public", createdAt: "public", lastUsedAt: "public" },
  UserConnection: { edges: "public", pageInfo: "public" },
  UserEdge: { cursor: "public", node: "public" },
  PageInfo: { hasNextPage: "public", endCursor: "public" },
} as const satisfies Record<string, Record<string, FieldAccess>>;

/** The assurance gate of each Query field that declares one (gates.ts); the others get both gates. */
export const QUERY_GATES: Readonly<Record<string, Gate>> = { me: "open", sessions: "open" };

/** The gates of the root fields by type, Mutation's from its rows (mutations.ts). */
export const GATES: Readonly<Record<string, Readonly<Record<string, Gate>>>> = {
  Query: QUERY_GATES,
  Mutation: MUTATION_GATES,
};

/**
 * The gate a field of `type` needs: its declared one, else both gates for a signed-in root
 * field (so a new field cannot skip them), none for public fields and fields of object types
 * (reached only through a gated root field).
 */
export function gateOf(type: string, field: string, access: FieldAccess): Gate | "gated" | null {
  const root = GATES[type];
  if (root === undefined || access === "public") return null;
  return root[field] ?? "gated";
}

/**
 * The fields a signed-in caller may never use, whatever the arguments or the object: the
 * `admin` fields, unless the caller is ADMIN. As `TypeName.fieldName`, AppSync's short form of
 * `deniedFields`. `adminOrSelf` and `adminOrOwner` fields depend on arguments or on the object
 * read, which an authorizer does not see, so they stay with the resolvers' own checks.
 */
export function fieldsDeniedTo(principal: Principal): string[] {
  if (isAdmin(principal)) return [];
  return Object.entries(ACCESS).flatMap(([type, fields]) =>
    Object.entries(fields)
      .filter(([, access]) => access === "admin")
      .map(([field]) => `${type}.${field}`),
  );
}
