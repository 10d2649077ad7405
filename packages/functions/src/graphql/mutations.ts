import type { FieldAccess } from "./access.js";
import type { Gate } from "./gates.js";

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
  /** The assurance a signed-in caller needs (gates.ts); absent: the second factor and, when required, a verified email. */
  readonly gate?: Gate;
}

/** Every mutation of the schema. One missing here is denied, unaudited, and fails a test. */
export const MUTATIONS = {
  login: { access: "public", audit: "login", credential: true },
  signUp: { access: "public", audit: "signup", credential: true },
  refresh: { access: "public", audit: "refresh", credential: true },
  revoke: { access: "signedIn", audit: "revoke", gate: "open" },
  logout: { access: "signedIn", audit: "logout", gate: "open" },
  endSession: { access: "signedIn", audit: "session_end" },
  revokeAllSessions: { access: { adminOrSelf: "userId" }, audit: "revoke_all" },
  changePassword: { access: "signedIn", audit: "password_change", credential: true },
  createUser: { access: "admin", audit: "user_create" },
  setRoles: { access: "admin", audit: "roles_change" },
  setDisabled: { access: "admin", audit: "account_disabled_change" },
  requestEmailVerification: {
    access: "signedIn",
    audit: "email_verification_request",
    gate: "unverified",
  },
  verifyEmail: { access: "public", audit: "email_verify" },
  requestPasswordReset: { access: "public", audit: "password_reset_request" },
  resetPassword: { access: "public", audit: "password_reset", credential: true },
  sendPasswordReset: { access: "admin", audit: "password_reset_send" },
  requestEmailChange: {
    access: "signedIn",
    audit: "email_change_request",
    credential: true,
    gate: "recent",
  },
  confirmEmailChange: { access: "public", audit: "email_change" },
  removeSecondFactors: { access: "admin", audit: "second_factors_remove" },
  beginTotpEnrollment: { access: "signedIn", audit: "totp_enrollment_begin", gate: "recent" },
  // Gated like any field: a user with no factor yet passes at aal1; one with a factor (a
  // passkey) has passed the second factor already to have begun.
  confirmTotpEnrollment: { access: "signedIn", audit: "totp_enable", credential: true },
  disableTotp: { access: "signedIn", audit: "totp_disable", credential: true, gate: "recent" },
  regenerateRecoveryCodes: {
    access: "signedIn",
    audit: "recovery_codes_regenerate",
    credential: true,
    gate: "recent",
  },
  // The second step of a sign-in: reachable at aal1, or nobody with a factor could finish.
  verifySecondFactor: {
    access: "signedIn",
    audit: "second_factor_verify",
    credential: true,
    gate: "open",
  },
  beginPasskeyRegistration: {
    access: "signedIn",
    audit: "passkey_registration_begin",
    gate: "recent",
  },
  // No recent sign-in asked again: it completes a registration begun under that rule, whose
  // challenge is bound to this user and dies within 5 minutes (both gates still apply).
  finishPasskeyRegistration: { access: "signedIn", audit: "passkey_registration" },
  beginPasskeyLogin: { access: "public", audit: "passkey_login_begin" },
  // Public: a sign-in. With an aal1 bearer token it completes that sign-in, so no gate.
  finishPasskeyLogin: { access: "public", audit: "passkey_login", credential: true },
  deletePasskey: { access: "signedIn", audit: "passkey_delete", gate: "recent" },
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

/** The gate of each mutation that declares one; the others get both gates. */
export const MUTATION_GATES: Readonly<Record<string, Gate>> = Object.fromEntries(
  Object.entries(MUTATIONS).flatMap(([name, entry]) =>
    "gate" in entry ? [[name, entry.gate as Gate]] : [],
  ),
);

/** The mutations that check or change credentials. */
export const CREDENTIAL_FIELDS: ReadonlySet<string> = new Set(
  Object.entries(MUTATIONS)
    .filter(([, entry]) => "credential" in entry)
    .map(([name]) => name),
);
