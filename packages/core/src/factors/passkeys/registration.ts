import { passkeyNotRegistered, unknownUser } from "../../errors.js";
import type { SessionId, UserId } from "../../ids.js";
import { sendOrLog } from "../../mail/outbox.js";
import { secondFactorAddedNotice } from "../../mail/templates.js";
import type { PasskeyRecord, UserRecord } from "../../ports.js";
import { acceptPasskeyName, challengeOf, userHandleFor } from "./ceremony-input.js";
import { commitPasskeyCount } from "./passkey-changes.js";
import {
  CHALLENGE_TTL_MS,
  MAX_PASSKEYS,
  newChallenge,
  type PasskeyDeps,
} from "./passkey-config.js";
import {
  type PublicKeyCredentialCreationOptionsJSON,
  type RegistrationResponseJSON,
  webauthn,
} from "./webauthn-library.js";

/** Options for `navigator.credentials.create()`, with a stored challenge bound to the user. */
export async function beginRegistration(
  deps: PasskeyDeps,
  userId: UserId,
): Promise<PublicKeyCredentialCreationOptionsJSON> {
  const { users, passkeys, passkeyChallenges } = deps.stores;
  const [user, existing] = await Promise.all([users.get(userId), passkeys.list(userId)]);
  if (user === null) throw unknownUser();
  if (existing.length >= MAX_PASSKEYS) throw passkeyNotRegistered("full");
  const challenge = newChallenge(deps);
  const { generateRegistrationOptions } = await webauthn();
  const options = await generateRegistrationOptions({
    rpName: deps.settings.webauthnRpId,
    rpID: deps.settings.webauthnRpId,
    userName: user.email,
    userID: Buffer.from(userHandleFor(user.id), "base64url"),
    challenge: Buffer.from(challenge, "base64url"),
    timeout: CHALLENGE_TTL_MS,
    attestationType: "none",
    // The authenticator must not make a second credential for this user (WebAuthn §5.4.3).
    excludeCredentials: existing.map(({ id, transports }) => ({ id, transports: [...transports] })),
    authenticatorSelection: {
      // Discoverable credentials: a login may name no user (autofill, WebAuthn §6.2.2).
      residentKey: "required",
      requireResidentKey: true,
      // A passkey login is aal2 on its own, which only a user-verified multi-factor
      // authenticator gives (NIST SP 800-63B §5.1.9): verification is never optional here.
      userVerification: "required",
    },
  });
  await passkeyChallenges.put({
    challenge,
    ceremony: "registration",
    userId,
    expiresAt: deps.clock.now() + CHALLENGE_TTL_MS,
  });
  return options;
}

/**
 * Verifies a registration against its challenge and stores the passkey, then commits a
 * credential change (every other session ends). Crash order: the passkey is written before the
 * commit, so a failure in between leaves a passkey that works, is listed, and is counted by
 * the user's next credential change, never a count that names a passkey that is not there
 * (which could hold a user at aal1 with no factor to present).
 */
export async function finishRegistration(
  deps: PasskeyDeps,
  userId: UserId,
  response: unknown,
  name: string | undefined,
  keepSession: SessionId | null,
): Promise<PasskeyRecord> {
  const accepted = acceptPasskeyName(name, "Passkey");
  const now = deps.clock.now();
  const challenge = challengeOf(response);
  const stored =
    challenge === null ? null : await deps.stores.passkeyChallenges.take(challenge, now);
  if (stored === null || stored.ceremony !== "registration" || stored.userId !== userId) {
    throw passkeyNotRegistered("unverified");
  }
  const { verifyRegistrationResponse } = await webauthn();
  const verified = await verifyRegistrationResponse({
    response: response as RegistrationResponseJSON,
    expectedChallenge: stored.challenge,
    expectedOrigin: [...deps.settings.webauthnOrigins],
    expectedRPID: deps.settings.webauthnRpId,
    requireUserPresence: true,
    requireUserVerification: true,
  }).catch(() => null);
  if (verified === null || !verified.verified) throw passkeyNotRegistered("unverified");
  const info = verified.registrationInfo;
  const passkey: PasskeyRecord = {
    userId,
    id: info.credential.id,
    publicKey: Buffer.from(info.credential.publicKey).toString("base64url"),
    counter: info.credential.counter,
    transports: info.credential.transports ?? [],
    deviceType: info.credentialDeviceType,
    backedUp: info.credentialBackedUp,
    name: accepted,
    createdAt: now,
    lastUsedAt: null,
  };
  await addWithinLimit(deps, passkey);
  let user: UserRecord;
  try {
    user = await commitPasskeyCount(deps, userId, keepSession);
  } catch (error) {
    // Not committed: take the passkey back, so that a failed call added nothing.
    await deps.stores.passkeys.remove(userId, passkey.id).catch(() => undefined);
    throw error;
  }
  // After the commit the passkey holds: a notice that cannot be sent is logged, not fatal
  // (NIST SP 800-63B §6.1.2.1: the owner is told of an authenticator bound to the account).
  const notice = { to: user.email, ...secondFactorAddedNotice("passkey") };
  await sendOrLog(deps.mail, notice, "second-factor-notice");
  return passkey;
}

/** Adds the passkey unless the user is at the limit; counted after the write, so racing adds cannot pass it. */
async function addWithinLimit(deps: PasskeyDeps, passkey: PasskeyRecord): Promise<void> {
  const { passkeys } = deps.stores;
  if ((await passkeys.list(passkey.userId)).length >= MAX_PASSKEYS) {
    throw passkeyNotRegistered("full");
  }
  if ((await passkeys.add(passkey)) === "taken") throw passkeyNotRegistered("taken");
  if ((await passkeys.list(passkey.userId)).length > MAX_PASSKEYS) {
    await passkeys.remove(passkey.userId, passkey.id);
    throw passkeyNotRegistered("full");
  }
}
