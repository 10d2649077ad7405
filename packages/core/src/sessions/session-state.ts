import type { RevocationState, SessionRecord, UserRecord } from "../ports.js";

/** True while a session can refresh and its access tokens are honoured. */
export function isSessionLive(
  session: Pick<SessionRecord, "createdAt" | "expiresAt" | "revokedAt">,
  user: Pick<UserRecord, "sessionsNotBefore">,
  now: number,
): boolean {
  return (
    session.revokedAt === null &&
    session.expiresAt > now &&
    session.createdAt >= user.sessionsNotBefore
  );
}

/**
 * Decides whether a verified access token is still good: its user exists, it was issued after
 * the user's access cutoff, its session is live, and its `jti` is not denied.
 */
export function isAccessTokenLive(
  state: RevocationState,
  claims: { readonly iat: number },
  now: number,
): boolean {
  const { user, session } = state;
  if (user === null || session === null || state.jtiDenied) return false;
  return claims.iat >= user.accessNotBefore && isSessionLive(session, user, now);
}

/** The cutoff values that end everything issued up to `now`: next whole second, next millisecond. */
export function cutoffsAt(now: number): { accessNotBefore: number; sessionsNotBefore: number } {
  return { accessNotBefore: Math.floor(now / 1000) + 1, sessionsNotBefore: now + 1 };
}
