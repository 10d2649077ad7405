import { isAdmin, type Principal } from "../accounts/principal.js";
import { createAnonymousLimiter } from "../credentials/anonymous-limiter.js";
import type { RequestSource } from "../credentials/source-limiter.js";
import type { AuthDeps } from "../deps.js";
import { forbidden, invalidRefreshToken, refreshTokenReused, unknownUser } from "../errors.js";
import { type Jti, parseSessionId, parseUserId, type SessionId, type UserId } from "../ids.js";
import type { DeniedToken, SessionRecord } from "../ports.js";
import { CLOCK_TOLERANCE_SECONDS, verifyAccessToken } from "../tokens/access-token.js";
import {
  mintRefreshToken,
  parseRefreshToken,
  type RefreshTokenRef,
} from "../tokens/refresh-token.js";
import { type AuthResult, handOut } from "./issue.js";
import { accessTokensOutlive, cutoffsAt, isSessionLive } from "./session-state.js";

/** A live session as the caller sees it: no token hash. */
export interface SessionView extends Omit<SessionRecord, "refreshTokenHash"> {
  readonly current: boolean;
}

/** What a revocation ended: one access token, or a whole session (a refresh token). */
export interface RevokedToken {
  readonly userId: UserId;
  readonly scope: "access_token" | "session";
}

/** Refresh-token rotation and every way of ending tokens early. */
export interface SessionService {
  /**
   * Rotates a refresh token: the old one is spent, a new pair is issued with fresh roles.
   * Failures are limited like failed logins: per `source` and by the anonymous budget.
   */
  refresh(refreshToken: string, source?: RequestSource): Promise<AuthResult>;
  /** The caller's live sessions, newest first: at most `MAX_SESSIONS_LISTED`. */
  list(caller: Principal): Promise<readonly SessionView[]>;
  /** Ends the caller's current session: its access and refresh tokens. */
  logout(caller: Principal): Promise<void>;
  /**
   * RFC 7009 revocation of an access or refresh token; no token: the caller's own access
   * token. Returns what was ended, or null when the token did not verify (no effect).
   */
  revoke(caller: Principal, token: string | null): Promise<RevokedToken | null>;
  /** Ends every token of a user issued before now; another user's needs ADMIN. */
  revokeAll(caller: Principal, userId: string | null): Promise<void>;
  /**
   * Ends one of the caller's own live sessions by id: true when it ended, false for an id that
   * names no live session of the caller's (another user's included, so none is revealed).
   */
  end(caller: Principal, sessionId: string): Promise<boolean>;
}

/** Most sessions `sessions` lists: the newest live ones. */
export const MAX_SESSIONS_LISTED = 100;
/**
 * Most session records one `sessions` call reads, newest first, to find the live ones: ended
 * sessions stay stored until they expire, and a user's read must stay bounded however many
 * they have.
 */
const SESSIONS_READ = 500;

/** A denied token must stay denied until its `exp` has passed for every verifier, skew included. */
function deniedToken(claims: { jti: Jti; iat: number; exp: number }): DeniedToken {
  return {
    jti: claims.jti,
    issuedAt: claims.iat,
    until: (claims.exp + CLOCK_TOLERANCE_SECONDS) * 1000,
  };
}

/** Builds the session service. */
export function createSessionService(deps: AuthDeps): SessionService {
  const { users, sessions, denylist } = deps.stores;

  async function endSession(userId: RefreshTokenRef["userId"], sessionId: SessionId) {
    await sessions.revoke(userId, sessionId, {
      now: deps.clock.now(),
      tokensFor: accessTokensOutlive(deps.settings.ttlSeconds),
    });
  }

  // RFC 9700 §4.14.2: a refresh token presented after it was rotated means it leaked, or the
  // client raced itself; either way the session can no longer be trusted, so it ends.
  async function reuseDetected(ref: RefreshTokenRef): Promise<never> {
    await endSession(ref.userId, ref.sessionId);
    throw refreshTokenReused();
  }

  const service: SessionService = {
    async refresh(refreshToken) {
      const ref = parseRefreshToken(refreshToken);
      if (ref === null) throw invalidRefreshToken();
      const now = deps.clock.now();
      const [session, user] = await Promise.all([
        sessions.get(ref.userId, ref.sessionId),
        users.get(ref.userId),
      ]);
      if (session === null || user === null) throw invalidRefreshToken();
      if (session.refreshTokenHash !== ref.hash) {
        const spentIn = await sessions.findSpent(ref.userId, ref.hash, now);
        if (spentIn === ref.sessionId) return reuseDetected(ref);
        throw invalidRefreshToken();
      }
      if (!isSessionLive(session, user, now)) throw invalidRefreshToken();

      const next = mintRefreshToken(deps.random, user.id, session.id);
      // Spent first, then rotated: a request that reads the session between the two writes
      // still finds the token current and loses the rotation below, or finds it spent; it
      // can never see it as merely unknown and let the session live on.
      await sessions.recordSpent(user.id, ref.hash, {
        sessionId: session.id,
        expiresAt: session.expiresAt,
      });
      // The one conditional write that makes rotation atomic: of two concurrent refreshes
      // with the same token, exactly one rotates; the other is reuse.
      if (!(await sessions.rotate(user.id, session.id, { from: ref.hash, to: next.hash, now }))) {
        return reuseDetected(ref);
      }
      return handOut(deps, user, session, next.token, now);
    },

    async list(caller) {
      const now = deps.clock.now();
      // The authenticator read the caller's cutoffs with the revocation state, strongly
      // consistent and in this same request (as `me` uses them): no second read of the user.
      const [user, recent] = await Promise.all([
        caller.account ?? users.get(caller.userId),
        sessions.listRecent(caller.userId, SESSIONS_READ),
      ]);
      if (user === null) return [];
      return recent
        .filter((session) => isSessionLive(session, user, now))
        .sort((a, b) => b.createdAt - a.createdAt || a.id.localeCompare(b.id))
        .slice(0, MAX_SESSIONS_LISTED)
        .map(({ refreshTokenHash: _, ...session }) => ({
          ...session,
          current: session.id === caller.sessionId,
        }));
    },

    async logout(caller) {
      await endSession(caller.userId, caller.sessionId);
    },

    async revoke(caller, token) {
      if (token === null) {
        await denylist.add(
          caller.userId,
          deniedToken({ jti: caller.jti, iat: caller.issuedAt, exp: caller.expiresAt }),
          deps.clock.now(),
        );
        return { userId: caller.userId, scope: "access_token" };
      }
      const now = deps.clock.now();
      const refresh = parseRefreshToken(token);
      if (refresh !== null) {
        const session = await sessions.get(refresh.userId, refresh.sessionId);
        // RFC 7009 §2.2: a token that is not valid is not an error; nothing happens.
        if (session === null || session.refreshTokenHash !== refresh.hash) return null;
        if (refresh.userId !== caller.userId && !isAdmin(caller)) throw forbidden();
        await endSession(refresh.userId, refresh.sessionId);
        return { userId: refresh.userId, scope: "session" };
      }
      let claims: Awaited<ReturnType<typeof verifyAccessToken>>;
      try {
        claims = await verifyAccessToken(token, deps.keys, deps.settings, now);
      } catch {
        return null;
      }
      if (claims.sub !== caller.userId && !isAdmin(caller)) throw forbidden();
      await denylist.add(claims.sub, deniedToken(claims), now);
      return { userId: claims.sub, scope: "access_token" };
    },

    async revokeAll(caller, userId) {
      const target = userId === null ? caller.userId : parseUserId(userId);
      if (target !== caller.userId && !isAdmin(caller)) throw forbidden();
      const updated =
        target === null ? null : await users.update(target, cutoffsAt(deps.clock.now()));
      if (updated === null) throw unknownUser();
    },

    async end(caller, sessionId) {
      const id = parseSessionId(sessionId);
      // Looked up under the caller's own user id only: another user's session is as unknown
      // here as a made-up id, so the answer says nothing about other accounts.
      const [session, user] =
        id === null
          ? [null, null]
          : await Promise.all([
              sessions.get(caller.userId, id),
              caller.account ?? users.get(caller.userId),
            ]);
      if (session === null || user === null || !isSessionLive(session, user, deps.clock.now())) {
        return false;
      }
      await endSession(caller.userId, session.id);
      return true;
    },
  };

  // Issue 11.1: a failed refresh (unknown, malformed, expired, spent or reused token: any
  // that throws) counts per source and in the anonymous budget like a failed login, counted
  // before the work and handed back on success, so replaying tokens is not free.
  const anonymous = createAnonymousLimiter(deps);
  return {
    ...service,
    async refresh(refreshToken, source) {
      const attempt = await anonymous.begin(source, "refresh");
      const result = await service.refresh(refreshToken).catch(async (error: unknown) => {
        await attempt.failed();
        throw error;
      });
      await attempt.succeeded();
      return result;
    },
  };
}
