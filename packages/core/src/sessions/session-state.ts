import type { SessionId } from "../ids.js";
import type { RevocationState, SessionRecord, UserRecord } from "../ports.js";
import type { Role } from "../roles.js";
import { CLOCK_TOLERANCE_SECONDS } from "../tokens/access-token.js";

/**
 * True while the user's credentials are those a session (or its token) was started under, or
 * it is the session that changed them: a credential change ends every other session at once.
 */
export function isOfCurrentCredentials(
  session: { readonly id: SessionId; readonly credentialVersion: number },
  user: Pick<UserRecord, "credentialVersion" | "keptSession">,
): boolean {
  return session.credentialVersion === user.credentialVersion || session.id === user.keptSession;
}

/** True while a session can refresh. */
export function isSessionLive(
  session: Pick<
    SessionRecord,
    "id" | "createdAt" | "expiresAt" | "revokedAt" | "credentialVersion"
  >,
  user: Pick<UserRecord, "sessionsNotBefore" | "credentialVersion" | "keptSession" | "disabled">,
  now: number,
): boolean {
  return (
    !user.disabled &&
    session.revokedAt === null &&
    session.expiresAt > now &&
    session.createdAt >= user.sessionsNotBefore &&
    isOfCurrentCredentials(session, user)
  );
}

function sameRoles(a: readonly Role[], b: readonly Role[]): boolean {
  return a.length === b.length && a.every((role) => b.includes(role));
}

/**
 * Decides whether a verified access token is still good: its user exists and is not disabled, it was issued after
 * the user's access cutoff, with the user's current roles, in a session started after the
 * user's session cutoff (`sct`) under the user's current credentials (`cv`) that has not
 * ended, and its `jti` is not denied. Session expiry needs no read: no access token outlives
 * its session (`exp` is capped at issue).
 */
export function isAccessTokenLive(
  state: RevocationState,
  claims: {
    readonly sid: SessionId;
    readonly iat: number;
    readonly sct: number;
    readonly cv: number;
    readonly roles: readonly Role[];
  },
): boolean {
  const { user } = state;
  // A disabled user's tokens fail like revoked ones, decided by the profile this read brought.
  if (user === null || user.disabled || state.sessionEnded || state.jtiDenied) return false;
  return (
    claims.iat >= user.accessNotBefore &&
    claims.sct >= user.sessionsNotBefore &&
    isOfCurrentCredentials({ id: claims.sid, credentialVersion: claims.cv }, user) &&
    // The cutoff has whole-second resolution; two role changes within one second would let a
    // token minted between them keep the first change's roles. Comparing closes that.
    sameRoles(claims.roles, user.roles)
  );
}

/** The cutoff values that end everything issued up to `now`: next whole second, next millisecond. */
export function cutoffsAt(now: number): { accessNotBefore: number; sessionsNotBefore: number } {
  return { accessNotBefore: Math.floor(now / 1000) + 1, sessionsNotBefore: now + 1 };
}

/**
 * How long after a session ends its access tokens must still be reported as ended, ms: the
 * longest an access token issued up to then can be accepted (lifetime plus skew), and a minute
 * for a token being signed while the session ends and for clocks that differ between instances.
 */
export function accessTokensOutlive(ttlSeconds: number): number {
  return (ttlSeconds + CLOCK_TOLERANCE_SECONDS + 60) * 1000;
}
