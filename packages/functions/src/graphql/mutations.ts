import type { FieldAccess } from "./access.js";

// Everything Gatehouse knows about a mutation besides its resolver, in one row: who may call
// it, what the audit trail calls it, and whether it checks or changes a credential (at most one
// such field per request). Plain data, like the rule map, so the authorizers can read it.

/** What Gatehouse needs to know about a mutation. */
export interface MutationEntry {
  readonly access: FieldAccess;
  /** The subject of its audit events: `<audit>.<outcome>` unless the resolver records more. */
  readonly audit: string;
  /** Checks or changes a credential: at most one such field in one request. */
  readonly credential?: true;
}

/** Every mutation of the schema. One missing here is denied, unaudited, and fails a test. */
export const MUTATIONS = {
  login: { access: "public", audit: "login", credential: true },
  signUp: { access: "public", audit: "signup", credential: true },
  refresh: { access: "public", audit: "refresh", credential: true },
  revoke: { access: "signedIn", audit: "revoke" },
  logout: { access: "signedIn", audit: "logout" },
  revokeAllSessions: { access: { adminOrSelf: "userId" }, audit: "revoke_all" },
  changePassword: { access: "signedIn", audit: "password_change", credential: true },
  createUser: { access: "admin", audit: "user_create" },
  setRoles: { access: "admin", audit: "roles_change" },
  requestEmailVerification: { access: "signedIn", audit: "email_verification_request" },
  verifyEmail: { access: "public", audit: "email_verify" },
  requestPasswordReset: { access: "public", audit: "password_reset_request" },
  resetPassword: { access: "public", audit: "password_reset", credential: true },
  sendPasswordReset: { access: "admin", audit: "password_reset_send" },
} as const satisfies Record<string, MutationEntry>;

type Mutations = typeof MUTATIONS;

/** A mutation of the table. */
export type MutationName = keyof Mutations;

/** One column of the table, by mutation. */
function column<K extends "access" | "audit">(key: K): { [M in MutationName]: Mutations[M][K] } {
  return Object.fromEntries(
    Object.entries(MUTATIONS).map(([name, entry]) => [name, entry[key]]),
  ) as { [M in MutationName]: Mutations[M][K] };
}

/** Who may call each mutation, for the rule map. */
export const MUTATION_ACCESS = column("access");

/** The audit subject of each mutation. */
export const MUTATION_AUDIT = column("audit");

/** The mutations that check or change credentials. */
export const CREDENTIAL_FIELDS: ReadonlySet<string> = new Set(
  Object.entries(MUTATIONS)
    .filter(([, entry]) => "credential" in entry)
    .map(([name]) => name),
);
