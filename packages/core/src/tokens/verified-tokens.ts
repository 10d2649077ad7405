import {
  type AccessClaims,
  type AccessTokenSettings,
  type VerifiedAccessToken,
  verifyAccessTokenSpan,
} from "./access-token.js";
import type { SigningKeySet } from "./signing-keys.js";

/** How many verified tokens a verifier remembers; the oldest is forgotten first. */
export const VERIFIED_TOKENS_REMEMBERED = 1000;

/** Verifies access tokens, remembering the ones that verified. */
export interface AccessTokenVerifier {
  /** The claims of `token` at `now` (epoch ms), exactly as `verifyAccessToken` decides. */
  verify(token: string, now: number): Promise<AccessClaims>;
  /** Tokens remembered now, at most the capacity. */
  readonly size: number;
}

/**
 * A client sends the same access token with every request for its whole lifetime, so a warm
 * container mostly sees tokens it has verified before. Their signature is not checked again:
 * a token's bytes and the key set fix every outcome of `verifyAccessToken` but the time checks,
 * and a remembered token is accepted only inside the span in which those pass again. Outside
 * it, and for every token that failed (failures are never remembered), `verifyAccessToken`
 * decides, so answers are identical. Revocation is not part of this: the caller reads it on
 * every request. Memory is bounded by `capacity`.
 */
export function createAccessTokenVerifier(
  keys: SigningKeySet,
  settings: AccessTokenSettings,
  capacity = VERIFIED_TOKENS_REMEMBERED,
): AccessTokenVerifier {
  // Insertion order is the eviction order: a Map keeps it, so the oldest is `keys().next()`.
  const verified = new Map<string, VerifiedAccessToken>();
  return {
    async verify(token, now) {
      const seconds = Math.floor(now / 1000);
      const known = verified.get(token);
      if (known !== undefined && seconds >= known.from && seconds <= known.until) {
        return known.claims;
      }
      verified.delete(token);
      const fresh = await verifyAccessTokenSpan(token, keys, settings, now);
      if (verified.size >= capacity) {
        const oldest = verified.keys().next();
        if (!oldest.done) verified.delete(oldest.value);
      }
      verified.set(token, fresh);
      return fresh.claims;
    },
    get size() {
      return verified.size;
    },
  };
}
