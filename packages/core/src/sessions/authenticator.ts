import type { Principal } from "../accounts/principal.js";
import type { AuthDeps } from "../deps.js";
import { ERROR_CODES, invalidToken } from "../errors.js";
import { parseBearer } from "../tokens/bearer.js";
import { createAccessTokenVerifier } from "../tokens/verified-tokens.js";
import { isAccessTokenLive } from "./session-state.js";

/** Turns a request's `Authorization` value into its principal. */
export interface Authenticator {
  /**
   * No header: null (anonymous). Otherwise the principal of a valid, unrevoked access token,
   * or a `GatehouseError` with a token code; `STORE_UNAVAILABLE` when revocation cannot be
   * read (fail closed).
   */
  authenticate(authorization: string | undefined): Promise<Principal | null>;
}

/** Builds the authenticator: parse, verify signature and claims, then one revocation read. */
export function createAuthenticator(
  deps: Pick<AuthDeps, "stores" | "keys" | "settings" | "clock">,
): Authenticator {
  // Per container: a client's repeat requests skip the signature check, never revocation.
  const verifier = createAccessTokenVerifier(deps.keys, deps.settings);
  return {
    async authenticate(authorization) {
      if (authorization === undefined) return null;
      const token = parseBearer(authorization);
      const now = deps.clock.now();
      const claims = await verifier.verify(token, now);
      // Only a token that verified costs a store read.
      const state = await deps.stores.revocations.read({
        userId: claims.sub,
        sessionId: claims.sid,
        jti: claims.jti,
        now,
      });
      const { user } = state;
      if (user === null || !isAccessTokenLive(state, claims)) {
        throw invalidToken(ERROR_CODES.TOKEN_REVOKED);
      }
      return {
        userId: claims.sub,
        sessionId: claims.sid,
        jti: claims.jti,
        roles: claims.roles,
        issuedAt: claims.iat,
        expiresAt: claims.exp,
        // Field by field: whatever else a store returns never rides along with the request.
        account: {
          id: user.id,
          email: user.email,
          roles: user.roles,
          createdAt: user.createdAt,
          accessNotBefore: user.accessNotBefore,
          sessionsNotBefore: user.sessionsNotBefore,
          credentialVersion: user.credentialVersion,
          keptSession: user.keptSession,
          secondFactors: user.secondFactors,
        },
        ...(claims.extra === undefined ? {} : { claims: claims.extra }),
      };
    },
  };
}
