import type { UserProfile } from "../ports.js";

/**
 * A team's claims for every access token, computed from the profile read at issue time
 * (signUp, login, refresh); they reach each request's principal from the verified token, so
 * they never cost a read per request.
 */
export type ExtraClaimsHook = (profile: UserProfile) => Readonly<Record<string, unknown>>;

/**
 * Claim names an extra claim may never take: the ones Gatehouse's tokens carry and rely on,
 * and every JWT registered claim name (RFC 7519 §4.1) whether or not it is used today.
 */
export const RESERVED_CLAIMS: readonly string[] = [
  "iss",
  "sub",
  "aud",
  "exp",
  "nbf",
  "iat",
  "jti",
  "sid",
  "sct",
  "cv",
  "roles",
  "typ",
  // The assurance claims (OpenID Connect Core §2, RFC 8176): a team's hook may never vouch
  // for a sign-in the user did not make.
  "auth_time",
  "acr",
  "amr",
];

/** The reserved names among `names`. */
export function reservedClaimNames(names: readonly string[]): string[] {
  return names.filter((name) => RESERVED_CLAIMS.includes(name));
}

/** An `extraClaims` hook returned a reserved name: the team's code must change. */
export class ReservedClaimError extends TypeError {
  override readonly name = "ReservedClaimError";
}

/**
 * The extra claims of one token at issue: the hook's result, refused with a `ReservedClaimError` naming
 * every reserved name it uses (a team's mistake, never a client's).
 */
export function extraClaimsFor(
  hook: ExtraClaimsHook | undefined,
  profile: UserProfile,
): Record<string, unknown> {
  if (hook === undefined) return {};
  const claims = { ...hook(profile) };
  const reserved = reservedClaimNames(Object.keys(claims));
  if (reserved.length > 0) {
    throw new ReservedClaimError(
      `extraClaims may not set reserved claim names: ${reserved.join(", ")} (reserved: ${RESERVED_CLAIMS.join(" ")})`,
    );
  }
  return claims;
}

/** The claims of a verified payload that are not reserved: the extra claims it was issued with. */
export function extraClaimsOf(payload: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(payload).filter(([name]) => !RESERVED_CLAIMS.includes(name)),
  );
}
