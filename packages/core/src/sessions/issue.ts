import type { AuthDeps } from "../deps.js";
import type { Jti, SessionId } from "../ids.js";
import type { SessionRecord, UserProfile, UserRecord } from "../ports.js";
import { signAccessToken } from "../tokens/access-token.js";
import { extraClaimsFor } from "../tokens/extra-claims.js";
import { mintRefreshToken } from "../tokens/refresh-token.js";
import type { Acr, Assurance } from "./assurance.js";

/** What a successful signUp, login or refresh returns. */
export interface AuthResult {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly tokenType: "Bearer";
  /** Seconds until the access token expires. */
  readonly expiresIn: number;
  readonly user: UserRecord;
  /** The session the tokens belong to. */
  readonly sessionId: SessionId;
  /** The session's assurance level, which its tokens carry (`acr`). */
  readonly acr: Acr;
}

/** A fresh random id of 128 bits, base64url (22 characters). */
export function randomId<T extends SessionId | Jti>(deps: Pick<AuthDeps, "random">): T {
  return Buffer.from(deps.random.bytes(16)).toString("base64url") as T;
}

/**
 * A new session's id: `~`, its start time (epoch ms, 9 base-36 digits) and 128 random bits.
 * Ids sort by start time, after every id of the earlier, random-only form, so that a store
 * can read a user's newest sessions first without reading them all.
 */
export function newSessionId(deps: Pick<AuthDeps, "random">, createdAt: number): SessionId {
  return `~${createdAt.toString(36).padStart(9, "0")}${randomId<SessionId>(deps)}` as SessionId;
}

/** The user as a hook may see them: never the password hash. */
function profileOf(user: UserRecord): UserProfile {
  const { passwordHash: _secret, ...profile } = user;
  return profile;
}

/**
 * Signs an access token for `user` in `session`, with the user's roles as read. `now` is when
 * the caller decided the session may have it (before its write): a session that ends after
 * that decision is reported as ended for as long as a token dated then can live.
 */
async function issueAccessToken(
  deps: AuthDeps,
  user: UserRecord,
  session: Pick<
    SessionRecord,
    "id" | "createdAt" | "expiresAt" | "credentialVersion" | "authTime" | "acr" | "amr"
  >,
  now: number,
) {
  return signAccessToken(
    deps.keys,
    deps.settings,
    {
      sub: user.id,
      sid: session.id,
      sct: session.createdAt,
      cv: session.credentialVersion,
      jti: randomId<Jti>(deps),
      roles: user.roles,
      // The session's, unchanged: a refresh never raises `acr` nor moves `auth_time`.
      assurance: { authTime: session.authTime, acr: session.acr, amr: session.amr },
      extra: extraClaimsFor(deps.hooks?.extraClaims, profileOf(user)),
    },
    now,
    user.accessNotBefore,
    session.expiresAt,
  );
}

/**
 * Starts a new session for `user` (one per login) and issues its first token pair. The session
 * belongs to the user's credential generation as read with the password that was checked, so
 * a login that checked a password being replaced never outlives the replacement. `assurance`
 * is how the user signed in (sessions/assurance.ts); every token of the session carries it.
 */
export async function startSession(
  deps: AuthDeps,
  user: UserRecord,
  assurance: Assurance,
): Promise<AuthResult> {
  const now = deps.clock.now();
  // Like `iat` against `accessNotBefore`: a session started from data read after a
  // revokeAllSessions cutoff is never dated before it, even within the same millisecond.
  const createdAt = Math.max(now, user.sessionsNotBefore);
  const sessionId = newSessionId(deps, createdAt);
  const refresh = mintRefreshToken(deps.random, user.id, sessionId);
  const session: SessionRecord = {
    userId: user.id,
    id: sessionId,
    createdAt,
    lastUsedAt: createdAt,
    expiresAt: now + deps.settings.refreshTtlSeconds * 1000,
    refreshTokenHash: refresh.hash,
    revokedAt: null,
    credentialVersion: user.credentialVersion,
    authTime: assurance.authTime,
    acr: assurance.acr,
    amr: assurance.amr,
  };
  await deps.stores.sessions.create(session);
  return handOut(deps, user, session, refresh.token, now);
}

/** Signs an access token for `session` and hands it out with the session's refresh token. */
export async function handOut(
  deps: AuthDeps,
  user: UserRecord,
  session: SessionRecord,
  refreshToken: string,
  now: number,
): Promise<AuthResult> {
  const access = await issueAccessToken(deps, user, session, now);
  return {
    accessToken: access.token,
    refreshToken,
    tokenType: "Bearer",
    expiresIn: access.expiresIn,
    user,
    sessionId: session.id,
    acr: session.acr,
  };
}
