import type { Jti, SessionId, UserId } from "../ids.js";
import type { UserProfile } from "../ports.js";
import { ADMIN, type Role } from "../roles.js";
import type { Acr, AmrValue } from "../sessions/assurance.js";

/** The signed-in caller of a request, from a verified, unrevoked access token. */
export interface Principal {
  readonly userId: UserId;
  readonly sessionId: SessionId;
  readonly jti: Jti;
  readonly roles: readonly Role[];
  /** The access token's `iat` and `exp`, epoch seconds. */
  readonly issuedAt: number;
  readonly expiresAt: number;
  /** The token's `auth_time` (epoch seconds), `acr` and `amr`: how and when the user signed in. */
  readonly authTime: number;
  readonly acr: Acr;
  readonly amr: readonly AmrValue[];
  /**
   * The caller's account as read with the revocation state, in the same strongly consistent
   * read; absent for a principal that did not come from a request (the operator CLI).
   */
  readonly account?: UserProfile;
  /** The token's extra claims (the `extraClaims` hook), absent when it carries none. */
  readonly claims?: Readonly<Record<string, unknown>>;
}

/** True when the principal holds `ADMIN`. */
export function isAdmin(principal: Principal | null): boolean {
  return principal?.roles.includes(ADMIN) ?? false;
}
