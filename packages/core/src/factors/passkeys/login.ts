import { createHash, createHmac, hkdfSync } from "node:crypto";
import { findUserByEmail, parseEmail } from "../../accounts/email.js";
import { reserveAll } from "../../credentials/attempt-limiter.js";
import { passkeyCounterReplayed, passkeyRefused, rateLimited } from "../../errors.js";
import { NOBODY, type UserId } from "../../ids.js";
import type { PasskeyChallenge } from "../../ports.js";
import { challengeOf, credentialIdOf, userHandleFor, userHandleOf } from "./ceremony-input.js";
import { CHALLENGE_TTL_MS, newChallenge, type PasskeyDeps } from "./passkey-config.js";
import {
  type AuthenticationResponseJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  webauthn,
} from "./webauthn-library.js";

/** RFC 8176 §2 authentication method references a passkey login can carry. */
export type PasskeyAmr = "hwk" | "swk" | "user";

/** Who a passkey login proved to be, and how. */
export interface PasskeyLogin {
  readonly userId: UserId;
  /** The passkey used. */
  readonly passkeyId: string;
  /**
   * `swk` for a synced (multi-device) passkey, whose key leaves the device for the sync fabric,
   * so it cannot be called hardware-secured; `hwk` for a single-device one, taken as bound to
   * its hardware (RFC 8176 §2). `user` when the authenticator verified the user.
   */
  readonly amr: readonly PasskeyAmr[];
  readonly userVerified: boolean;
}

/** The attempt counter of passkey logins of one user: its own scope, apart from password logins. */
const passkeyAttemptKey = (userId: UserId) =>
  createHash("sha256").update(`passkey:${userId}`).digest("base64url");

/** The key of the decoy credential ids (see `createPasskeyLogin`). */
function decoyKeyOf(deps: PasskeyDeps): Uint8Array {
  const ring = deps.totpKeys;
  const secret = ring?.keys.get(ring.sealing);
  if (secret === undefined) return deps.random.bytes(32);
  return new Uint8Array(hkdfSync("sha256", secret, "", "gatehouse passkey decoy ids", 32));
}

/** The login ceremony's two halves. */
export function createPasskeyLogin(deps: PasskeyDeps) {
  // Decoy credential ids for an email with no passkey, so options for an unknown address look
  // like those of a user with one passkey (no enumeration). The key is derived (HKDF, its own
  // `info`) from the server secret beside the signing keys, the TOTP sealing key, so every
  // container answers the same decoy for an address, as a real user's ids are the same
  // everywhere. Without that secret, a key drawn per container.
  const decoyKey = decoyKeyOf(deps);
  const decoyFor = (email: string) =>
    createHmac("sha256", decoyKey)
      .update(parseEmail(email) ?? email)
      .digest()
      .subarray(0, 16)
      .toString("base64url");

  return {
    /** Options for `navigator.credentials.get()`: the user's passkeys, or none (discoverable). */
    async begin(email?: string): Promise<PublicKeyCredentialRequestOptionsJSON> {
      let userId: UserId | null = null;
      let allow: { id: string; transports?: string[] }[] | undefined;
      if (email !== undefined) {
        const user = await findUserByEmail(deps.stores.users, email);
        // An unknown address lists the passkeys of a user that cannot exist: the same reads.
        const passkeys = await deps.stores.passkeys.list(user?.id ?? NOBODY);
        userId = user?.id ?? null;
        allow = passkeys.map(({ id, transports }) => ({ id, transports: [...transports] }));
        if (allow.length === 0)
          allow = [{ id: decoyFor(email), transports: ["internal", "hybrid"] }];
      }
      const challenge = newChallenge(deps);
      const { generateAuthenticationOptions } = await webauthn();
      const options = await generateAuthenticationOptions({
        rpID: deps.settings.webauthnRpId,
        challenge: Buffer.from(challenge, "base64url"),
        timeout: CHALLENGE_TTL_MS,
        userVerification: "required",
        ...(allow === undefined ? {} : { allowCredentials: allow }),
      });
      await deps.stores.passkeyChallenges.put({
        challenge,
        ceremony: "login",
        userId,
        expiresAt: deps.clock.now() + CHALLENGE_TTL_MS,
      });
      return options;
    },

    /**
     * Verifies an assertion (WebAuthn §7.2) and records the passkey's use. Every refusal is
     * PASSKEY_INVALID, but a counter that did not increase, PASSKEY_COUNTER_REPLAYED. Once the
     * user is known (from the credential, or the email the login began with), each failure
     * counts: `loginMaxFailures` per user per window, then RATE_LIMITED. With `only`, a
     * credential of anyone else is refused before anything is taken, counted or recorded.
     */
    async finish(response: unknown, only?: UserId): Promise<PasskeyLogin> {
      const now = deps.clock.now();
      const id = credentialIdOf(response);
      const owner = id === null ? null : await deps.stores.passkeys.ownerOf(id);
      if (only !== undefined && owner !== only) throw passkeyRefused();
      const challenge = challengeOf(response);
      const stored =
        challenge === null ? null : await deps.stores.passkeyChallenges.take(challenge, now);
      const known = owner ?? stored?.userId ?? null;
      const release =
        known === null
          ? null
          : await reserveAll(deps, [
              {
                key: passkeyAttemptKey(known),
                max: deps.settings.loginMaxFailures,
                windowSeconds: deps.settings.loginWindowSeconds,
              },
            ]);
      if (known !== null && release === null) throw rateLimited("passkey");
      if (id === null || owner === null || !usable(stored, owner, response)) throw passkeyRefused();
      const login = await verify(deps, owner, id, response, stored as PasskeyChallenge, now);
      await release?.();
      return login;
    },
  };
}

/** The challenge is a live login challenge, for this owner when it names a user, and the user handle is the owner's. */
function usable(stored: PasskeyChallenge | null, owner: UserId, response: unknown): boolean {
  if (stored === null || stored.ceremony !== "login") return false;
  if (stored.userId !== null && stored.userId !== owner) return false;
  const handle = userHandleOf(response);
  return handle === undefined || handle === userHandleFor(owner);
}

async function verify(
  deps: PasskeyDeps,
  owner: UserId,
  id: string,
  response: unknown,
  stored: PasskeyChallenge,
  now: number,
): Promise<PasskeyLogin> {
  const passkey = await deps.stores.passkeys.get(owner, id);
  if (passkey === null) throw passkeyRefused();
  const { verifyAuthenticationResponse } = await webauthn();
  const verified = await verifyAuthenticationResponse({
    response: response as AuthenticationResponseJSON,
    expectedChallenge: stored.challenge,
    expectedOrigin: [...deps.settings.webauthnOrigins],
    expectedRPID: deps.settings.webauthnRpId,
    expectedType: "webauthn.get",
    // Counter 0 here: the counter is checked below, where its failure can be told apart.
    credential: { id, publicKey: Buffer.from(passkey.publicKey, "base64url"), counter: 0 },
    requireUserVerification: true,
  }).catch(() => null);
  if (verified === null || !verified.verified) throw passkeyRefused();
  const info = verified.authenticationInfo;
  // WebAuthn §6.1.1: a counter that does not grow, once either side is non-zero, may mean
  // a cloned authenticator.
  const counted = info.newCounter > 0 || passkey.counter > 0;
  if (counted && info.newCounter <= passkey.counter) throw passkeyCounterReplayed();
  const recorded = await deps.stores.passkeys.recordUse(owner, id, {
    from: passkey.counter,
    to: info.newCounter,
    now,
  });
  // Another login moved the counter in between: both presented the same counter value.
  if (!recorded) throw counted ? passkeyCounterReplayed() : passkeyRefused();
  return {
    userId: owner,
    passkeyId: id,
    amr: [
      info.credentialDeviceType === "multiDevice" ? "swk" : "hwk",
      ...(info.userVerified ? (["user"] as const) : []),
    ],
    userVerified: info.userVerified,
  };
}
