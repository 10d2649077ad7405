import type { Jti, SessionId, UserId } from "../ids.js";
import type { Role } from "../roles.js";

/** The signed-in caller of a request, from a verified, unrevoked access token. */
export interface Principal {
  readonly userId: UserId;
  readonly sessionId: SessionId;
  readonly jti: Jti;
  readonly roles: readonly Role[];
  /** The access token's `exp`, epoch seconds. */
  readonly expiresAt: number;
}

/** True when the principal holds `ADMIN`. */
export function isAdmin(principal: Principal | null): boolean {
  return principal?.roles.includes("ADMIN") ?? false;
}
