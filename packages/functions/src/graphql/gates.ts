import {
  type AssuranceGates,
  emailNotVerified,
  type GatehouseError,
  mfaRequired,
  notSignedIn,
  type Principal,
  reauthenticationRequired,
} from "@gatehouse/core";

// The assurance gates (the contract's v2 "Tokens" and "Recent"): what a signed-in caller's
// token and profile allow beyond roles. Decided from what the request already holds (the
// verified token and the profile read with the revocation state): never a read of their own.
//
// When several fail, one error answers, in this order: UNAUTHENTICATED (sign in),
// MFA_REQUIRED (finish signing in), EMAIL_NOT_VERIFIED (prove the address), FORBIDDEN (the
// role or the object: no sign-in fixes it), REAUTHENTICATION_REQUIRED (sign in again). Each is
// the next thing the client can do about it: an aal1 caller is not told what its roles allow
// until it has finished signing in.

/**
 * What a signed-in field needs beyond its access, one word in its row (mutations.ts, and
 * `QUERY_GATES` in access.ts). Absent: both gates (a field nobody declared is gated).
 *
 * - `open`: reachable at aal1 and while unverified: the fields that show or end a session,
 *   and the second-factor step (`verifySecondFactor`), which must stay open to an unverified
 *   user too, or one with a factor could neither finish signing in nor ask for the link.
 * - `unverified`: reachable while unverified, behind the second factor (`requestEmailVerification`).
 * - `recent`: both gates, then a recent sign-in (`GATEHOUSE_REAUTH_MAX_AGE`, aal2 for a user with
 *   a second factor).
 */
export type Gate = "open" | "unverified" | "recent";

/** What the gate rules read of a request's context. */
export interface GateContext {
  readonly principal: Principal | null;
  /** The caller's gates, decided once per request; null when anonymous. */
  readonly assurance: AssuranceGates | null;
}

/**
 * The error of the first gate the caller does not pass for a field with `gate`, before its
 * access rule; undefined when it passes them (a recent sign-in is checked after access).
 */
export function gateError(context: GateContext, gate?: Gate): GatehouseError | undefined {
  if (context.principal === null || context.assurance === null) return notSignedIn();
  if (gate === "open") return undefined;
  if (context.assurance.secondFactorOwed) return mfaRequired();
  if (gate !== "unverified" && context.assurance.emailUnverified) return emailNotVerified();
  return undefined;
}

/** The error for a caller without a recent sign-in, after its gates and access passed. */
export function recentError(context: GateContext): GatehouseError | undefined {
  if (context.principal === null || context.assurance === null) return notSignedIn();
  return context.assurance.recent ? undefined : reauthenticationRequired();
}
