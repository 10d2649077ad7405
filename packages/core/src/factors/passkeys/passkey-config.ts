import type { AuthDeps } from "../../deps.js";

/** How long a ceremony may take, begin to finish; the challenge dies then (WebAuthn §13.4.3). */
export const CHALLENGE_TTL_MS = 5 * 60_000;

/**
 * Passkeys per user. Enough for every device a person has and a few security keys; a bound on
 * what one account can make the store hold and each begin ceremony list.
 */
export const MAX_PASSKEYS = 20;

/** What the ceremonies share: the deps they use and the relying party they speak for. */
export type PasskeyDeps = Pick<
  AuthDeps,
  "stores" | "clock" | "random" | "settings" | "mail" | "totpKeys"
>;

/** A new challenge: 32 random bytes, base64url (WebAuthn §13.4.3 asks for at least 16). */
export const newChallenge = (deps: PasskeyDeps) =>
  Buffer.from(deps.random.bytes(32)).toString("base64url");
