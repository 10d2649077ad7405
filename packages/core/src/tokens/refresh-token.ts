import { createHash } from "node:crypto";
import { parseSessionId, parseUserId, type SessionId, type UserId } from "../ids.js";
import type { Random } from "../ports.js";

/** Bytes of randomness in a refresh token's secret part (256 bits; RFC 9700 asks for ≥ 128). */
const SECRET_BYTES = 32;
const secretShape = /^[A-Za-z0-9_-]{43}$/;

/** A parsed refresh token: where its session lives, and the hash it must match. */
export interface RefreshTokenRef {
  readonly userId: UserId;
  readonly sessionId: SessionId;
  readonly hash: string;
}

/** SHA-256 of a token, base64url. The store keeps only this, never the token. */
export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

/**
 * Mints an opaque refresh token `<user>.<session>.<secret>`. The ids only locate the session;
 * the secret is what makes it unguessable. Clients must treat the whole string as opaque.
 */
export function mintRefreshToken(random: Random, userId: UserId, sessionId: SessionId) {
  const secret = Buffer.from(random.bytes(SECRET_BYTES)).toString("base64url");
  const token = `${userId}.${sessionId}.${secret}`;
  return { token, hash: hashToken(token) };
}

/** Parses a refresh token; null for anything that is not shaped like one (an access token, noise). */
export function parseRefreshToken(token: string): RefreshTokenRef | null {
  if (token.length > 128) return null;
  const [user, session, secret, ...rest] = token.split(".");
  if (user === undefined || session === undefined || secret === undefined || rest.length > 0) {
    return null;
  }
  const userId = parseUserId(user);
  const sessionId = parseSessionId(session);
  if (userId === null || sessionId === null || !secretShape.test(secret)) return null;
  return { userId, sessionId, hash: hashToken(token) };
}
