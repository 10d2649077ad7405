import type { UserId } from "../../ids.js";

/**
 * A registered passkey (a WebAuthn public key credential). Nothing in it is secret: the
 * private key never leaves the authenticator.
 */
export interface PasskeyRecord {
  readonly userId: UserId;
  /** The credential id, base64url, as the authenticator made it; unique across users. */
  readonly id: string;
  /** The credential public key, COSE-encoded (RFC 9052 §7), base64url. */
  readonly publicKey: string;
  /** The last signature counter seen (WebAuthn §6.1.1); 0 for authenticators without one. */
  readonly counter: number;
  /** Transport hints for the browser (`internal`, `usb`, `hybrid`, …). */
  readonly transports: readonly string[];
  /** `multiDevice`: a synced passkey (backup eligible); `singleDevice`: bound to one device. */
  readonly deviceType: "singleDevice" | "multiDevice";
  /** Whether the credential is backed up (the BS flag at registration). */
  readonly backedUp: boolean;
  /** The user's own name for it. */
  readonly name: string;
  /** Epoch milliseconds, as is `lastUsedAt`. */
  readonly createdAt: number;
  readonly lastUsedAt: number | null;
}

/** Passkeys per user, with a lookup from credential id to its user for discoverable login. */
export interface PasskeyStore {
  /**
   * Stores a new passkey: the credential id is claimed for its user first, in one conditional
   * write, so it can never belong to two users. "taken" when it is registered already.
   */
  add(passkey: PasskeyRecord): Promise<"added" | "taken">;
  /** The user's passkeys, oldest first. */
  list(userId: UserId): Promise<readonly PasskeyRecord[]>;
  /** One passkey of a user, or null. */
  get(userId: UserId, id: string): Promise<PasskeyRecord | null>;
  /** The user a credential id is registered to, or null. */
  ownerOf(id: string): Promise<UserId | null>;
  /**
   * Records a use: the counter goes from `from` to `to` and `lastUsedAt` becomes `now`, in one
   * write conditional on the stored counter still being `from`. False, changing nothing, when
   * it is not (another login with the same counter got there first) or the passkey is gone.
   */
  recordUse(
    userId: UserId,
    id: string,
    use: { readonly from: number; readonly to: number; readonly now: number },
  ): Promise<boolean>;
  /** Deletes a passkey and its credential-id claim; false when the user has no such passkey. */
  remove(userId: UserId, id: string): Promise<boolean>;
}

/** What a WebAuthn ceremony was begun for. */
export type PasskeyCeremony = "registration" | "login";

/** A challenge handed to a browser, waiting for the ceremony's second half. */
export interface PasskeyChallenge {
  /** The challenge, base64url, as sent in the options (WebAuthn §13.4.3: at least 16 random bytes). */
  readonly challenge: string;
  readonly ceremony: PasskeyCeremony;
  /** The user it is bound to: the registering user, or the user a login named by email; else null. */
  readonly userId: UserId | null;
  /** Epoch milliseconds; the challenge is refused from then on. */
  readonly expiresAt: number;
}

/** Single-use ceremony challenges. */
export interface PasskeyChallengeStore {
  /** Stores a new challenge. */
  put(challenge: PasskeyChallenge): Promise<void>;
  /**
   * Takes a challenge: removes it in one conditional delete and returns it when it is live at
   * `now`. Of two takes of one challenge, at most one gets it; an expired or unknown challenge
   * is null.
   */
  take(challenge: string, now: number): Promise<PasskeyChallenge | null>;
}
