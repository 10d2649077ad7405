import type { Principal } from "../../accounts/principal.js";
import type { AuthDeps } from "../../deps.js";
import { accountDisabled, passkeyRefused } from "../../errors.js";
import { type Assurance, combinedAssurance, withSecondFactor } from "../../sessions/assurance.js";
import { type AuthResult, startSession } from "../../sessions/issue.js";
import { accessTokensOutlive } from "../../sessions/session-state.js";
import type { createPasskeyLogin, PasskeyLogin } from "./login.js";

/** A passkey sign-in: the new session's tokens, and the passkey login it came from. */
export interface PasskeySignIn extends AuthResult {
  readonly login: PasskeyLogin;
  /** The aal1 session the sign-in completed and ended; null for a sign-in from nothing. */
  readonly endedSession: Principal["sessionId"] | null;
}

/**
 * The assurance a passkey login gives. From nothing: the passkey's own methods, aal2 with
 * `mfa` when it verified its user (a held key unlocked by something known or inherent: RFC
 * 8176 §2 "mfa", NIST SP 800-63B §5.1.9). Completing a caller's aal1 sign-in: the caller's
 * methods and the passkey's together (`pwd`, `hwk`/`swk`, `user`, `mfa`).
 */
function assuranceOf(login: PasskeyLogin, caller: Principal | null, now: number): Assurance {
  if (caller === null) return combinedAssurance(login.amr, now);
  return withSecondFactor(
    { authTime: caller.authTime, acr: caller.acr, amr: caller.amr },
    login.amr,
    now,
  );
}

/**
 * Signs in with a passkey response. With `caller` (an aal1 session finishing its sign-in with
 * a passkey instead of a code), only the caller's own passkeys are accepted (another user's is
 * refused, nothing changed) and the caller's session ends once the new one has started, as
 * `verifySecondFactor` ends the session it was called from. A disabled account is told so
 * only after the assertion verified, as a password login is.
 */
export async function signInWithPasskey(
  deps: AuthDeps,
  ceremony: ReturnType<typeof createPasskeyLogin>,
  response: unknown,
  caller: Principal | null,
): Promise<PasskeySignIn> {
  const login = await ceremony.finish(response, caller?.userId);
  const user = await deps.stores.users.get(login.userId);
  // The profile's count is the truth, as for TOTP: a passkey it does not count is inert (one
  // an admin's removal committed away, which a failure left stored; one whose registration
  // never committed).
  if (user === null || user.secondFactors.passkeys === 0) throw passkeyRefused();
  if (user.disabled) throw accountDisabled();
  const now = deps.clock.now();
  const result = await startSession(deps, user, assuranceOf(login, caller, now));
  if (caller !== null) {
    await deps.stores.sessions.revoke(caller.userId, caller.sessionId, {
      now: deps.clock.now(),
      tokensFor: accessTokensOutlive(deps.settings.ttlSeconds),
    });
  }
  return { ...result, login, endedSession: caller?.sessionId ?? null };
}
