import type { Principal } from "../../accounts/principal.js";
import type { AuthDeps } from "../../deps.js";
import { unknownPasskey } from "../../errors.js";
import type { SessionId, UserId } from "../../ids.js";
import { sendOrLog } from "../../mail/outbox.js";
import { secondFactorRemovedNotice } from "../../mail/templates.js";
import type { PasskeyRecord } from "../../ports.js";
import { createPasskeyLogin, type PasskeyLogin } from "./login.js";
import { commitPasskeyCount } from "./passkey-changes.js";
import { type PasskeySignIn, signInWithPasskey } from "./passkey-sign-in.js";
import { beginRegistration, finishRegistration } from "./registration.js";
import { removeAllPasskeys } from "./remove-all.js";
import type {
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
} from "./webauthn-library.js";

/**
 * Passkeys (WebAuthn Level 3) as a first factor and a second: registration, login, listing
 * and deletion. The relying party id and origins come from the settings only, never a request.
 */
export interface PasskeyService {
  /** Creation options for the signed-in user, their passkeys excluded; the challenge lives 5 minutes. */
  beginRegistration(userId: UserId): Promise<PublicKeyCredentialCreationOptionsJSON>;
  /**
   * Verifies the browser's response and stores the passkey under `name` ("Passkey" when
   * absent), then ends every session of the user but `keepSession`. `INVALID_ARGUMENT` when
   * the response does not verify, the passkey is registered already or the user has 20.
   */
  finishRegistration(
    userId: UserId,
    response: unknown,
    name: string | undefined,
    keepSession: SessionId | null,
  ): Promise<PasskeyRecord>;
  /**
   * Request options: with an email, that user's passkeys (a decoy for an unknown address or a
   * user without one, indistinguishable); without, none, for discoverable credentials.
   */
  beginLogin(email?: string): Promise<PublicKeyCredentialRequestOptionsJSON>;
  /**
   * The user a response proves, or `PASSKEY_INVALID` / `PASSKEY_COUNTER_REPLAYED`
   * (`RATE_LIMITED` after too many failures for a known user). Starts no session.
   */
  finishLogin(response: unknown): Promise<PasskeyLogin>;
  /**
   * Finishes a login and starts its session (aal2 for a user-verified passkey). With `caller`,
   * an aal1 session of the same user completes its sign-in: that session ends, the new one
   * carries both methods; another user's passkey is `PASSKEY_INVALID`, nothing changed.
   * `ACCOUNT_DISABLED` for a disabled user, after the assertion verified.
   */
  signIn(response: unknown, caller: Principal | null): Promise<PasskeySignIn>;
  /** The user's passkeys, oldest first. */
  list(userId: UserId): Promise<readonly PasskeyRecord[]>;
  /** Deletes one of the user's passkeys, ends every session but `keepSession` and mails a notice. */
  delete(userId: UserId, id: string, keepSession: SessionId | null): Promise<void>;
  /**
   * Deletes every passkey of the user and their credential-id claims, after a committed change
   * set the profile's count to 0 (an admin's `removeSecondFactors`). Resolves to how many went.
   */
  removeAll(userId: UserId): Promise<number>;
}

/** Builds the passkey service. */
export function createPasskeyService(deps: AuthDeps): PasskeyService {
  const login = createPasskeyLogin(deps);
  return {
    beginRegistration: (userId) => beginRegistration(deps, userId),
    finishRegistration: (userId, response, name, keepSession) =>
      finishRegistration(deps, userId, response, name, keepSession),
    beginLogin: (email) => login.begin(email),
    finishLogin: (response) => login.finish(response),
    signIn: (response, caller) => signInWithPasskey(deps, login, response, caller),
    list: (userId) => deps.stores.passkeys.list(userId),

    // Crash order: the count drops and the sessions end before the passkey goes, so a failure
    // in between leaves the passkey listed and working, the call failed and safe to repeat;
    // never a count naming a passkey that is gone (a user held at aal1 with nothing to show).
    async delete(userId, id, keepSession) {
      if ((await deps.stores.passkeys.get(userId, id)) === null) throw unknownPasskey();
      const user = await commitPasskeyCount(deps, userId, keepSession, id);
      await deps.stores.passkeys.remove(userId, id);
      // After the commit the deletion holds: a notice that cannot be sent is logged, not fatal.
      const notice = { to: user.email, ...secondFactorRemovedNotice("passkey") };
      await sendOrLog(deps.mail, notice, "second-factor-notice");
    },

    // Each removal takes the credential-id claim with the passkey (PasskeyStore.remove), so a
    // removed key can neither sign in nor be refused as "taken" when registered again.
    removeAll: (userId) => removeAllPasskeys(deps.stores, userId),
  };
}
