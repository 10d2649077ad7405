import type { Principal } from "../accounts/principal.js";
import type { AuthDeps } from "../deps.js";
import { notSignedIn, secondFactorState } from "../errors.js";
import type { UserProfile } from "../ports.js";
import { type AmrValue, hasSecondFactor, withSecondFactor } from "../sessions/assurance.js";
import { type AuthResult, startSession } from "../sessions/issue.js";
import { accessTokensOutlive } from "../sessions/session-state.js";

/** Checks a TOTP or recovery code of `user` (second-factor-service.ts). */
type VerifyCode = (
  user: UserProfile,
  code: string,
) => Promise<{ readonly kind: "totp" | "recovery" }>;

/**
 * The second step of a sign-in (the contract's `verifySecondFactor`): a right code from an aal1
 * session of a user with a second factor starts a new session whose assurance adds `otp` (a
 * recovery code is a look-up secret, "something you have": NIST SP 800-63B-4 §3.1.2; RFC 8176
 * has no value of its own for it) and moves `auth_time` to now; the aal1 session ends, so a
 * token from before the step never reaches what aal2 guards.
 */
export async function signInWithSecondFactor(
  deps: AuthDeps,
  caller: Principal,
  code: string,
  verifyCode: VerifyCode,
): Promise<AuthResult> {
  if (caller.acr === "aal2") throw secondFactorState("signedInAal2");
  const user = await deps.stores.users.get(caller.userId);
  if (user === null) throw notSignedIn();
  if (!hasSecondFactor(user)) throw secondFactorState("noFactor");
  // The generation the request was authenticated in: a credential change since then wins.
  if (caller.account !== undefined && caller.account.credentialVersion !== user.credentialVersion) {
    throw secondFactorState("changed");
  }
  const { passwordHash: _, ...profile } = user;
  await verifyCode(profile, code);
  const now = deps.clock.now();
  const more: readonly AmrValue[] = ["otp"];
  const assurance = withSecondFactor(caller, more, now);
  const result = await startSession(deps, user, assurance);
  await deps.stores.sessions.revoke(caller.userId, caller.sessionId, {
    now,
    tokensFor: accessTokensOutlive(deps.settings.ttlSeconds),
  });
  return result;
}
