import type { PasskeyChallengeStore, PasskeyStore } from "./factors/passkeys/passkey-ports.js";
import type { Email, Jti, SessionId, UserId } from "./ids.js";
import type { Role } from "./roles.js";
import type { Acr, AmrValue } from "./sessions/assurance.js";

// The passkey ports are in their own file, to keep this one short; they are ports all the same.
export type * from "./factors/passkeys/passkey-ports.js";

/** The current time in epoch milliseconds. Injected so tests can fix or step it. */
export interface Clock {
  now(): number;
  /**
   * Waits `ms` milliseconds of this clock's time; absent: the wall clock's. A test clock moves
   * itself instead, so a test never waits.
   */
  sleep?(ms: number): Promise<void>;
}

/** Secure randomness. Injected so tests can make ids predictable. */
export interface Random {
  bytes(length: number): Uint8Array;
  uuid(): string;
}

/**
 * A stored user. `passwordHash` never leaves the domain; it is the password in force for the
 * user's credential generation as read, or "" (which verifies nothing) when the read caught a
 * password change half-way.
 */
export interface UserRecord {
  readonly id: UserId;
  readonly email: Email;
  readonly passwordHash: string;
  readonly roles: readonly Role[];
  /** Epoch milliseconds. */
  readonly createdAt: number;
  /** Epoch seconds: access tokens with an `iat` before this are revoked (setRoles, revokeAllSessions). */
  readonly accessNotBefore: number;
  /** Epoch milliseconds: sessions created before this are ended (revokeAllSessions). */
  readonly sessionsNotBefore: number;
  /**
   * The generation of the user's credentials, 0 at creation. A credential change raises it,
   * which ends every session started under an earlier generation (and its access tokens),
   * except `keptSession`.
   */
  readonly credentialVersion: number;
  /** The session that made the last credential change and lives on through it; null: none. */
  readonly keptSession: SessionId | null;
  /** The address was proven by a mailed link; absent on the item: false. */
  readonly emailVerified: boolean;
  /** A disabled user can neither sign in nor use a token (absent on older items: false). */
  readonly disabled: boolean;
  /** The user's second factors; absent on the item: none. */
  readonly secondFactors: SecondFactors;
}

/** A user's second factors, as the profile item records them (profile attribute `secondFactors`). */
export interface SecondFactors {
  readonly totp: boolean;
  /** Registered passkeys. */
  readonly passkeys: number;
}

/** A stored user without the password: what may travel with a request. */
export type UserProfile = Omit<UserRecord, "passwordHash">;

/** What may change on a user after creation, outside a credential change. */
export type UserChanges = Partial<
  Pick<UserRecord, "roles" | "accessNotBefore" | "sessionsNotBefore" | "disabled">
>;

/** A credential change, committed by `UserStore.commitCredentialChange`. */
export interface CredentialChange {
  /** The generation the change was decided from: the one the caller verified. */
  readonly from: number;
  /** The new password hash; absent when the change replaces no password. */
  readonly passwordHash?: string;
  /** The caller's session, which lives on; null to end every session. */
  readonly keepSession: SessionId | null;
  /** When the change is made, epoch ms. */
  readonly now: number;
  /**
   * The user's second factors from this change on, whole; absent when it changes none. The
   * caller computes it from the profile it read at generation `from`, so the generation
   * condition also guards it.
   */
  readonly secondFactors?: SecondFactors;
}

/** An email change, committed by `UserStore.changeEmail` as a credential change. */
export interface EmailChange {
  /** The credential generation the change was decided from. */
  readonly from: number;
  /** The new address, already accepted (normalised). */
  readonly email: Email;
  /** The caller's session, which lives on; null to end every session. */
  readonly keepSession: SessionId | null;
  /** When the change is made, epoch ms. */
  readonly now: number;
}

/** One page of users, oldest first. */
export interface UserPage {
  /** Each user with the cursor that continues after it. */
  readonly edges: readonly { readonly cursor: string; readonly user: UserProfile }[];
  readonly endCursor: string | null;
  readonly hasNextPage: boolean;
}

/** Users, unique by email. */
export interface UserStore {
  /** Stores a new user; fails with `EMAIL_TAKEN` when the email is in use, atomically. */
  create(user: UserRecord): Promise<void>;
  get(id: UserId): Promise<UserRecord | null>;
  getByEmail(email: Email): Promise<UserRecord | null>;
  /** Pages through all users, oldest first; `after` is a cursor this store returned (else `INVALID_ARGUMENT`). */
  list(page: { readonly first: number; readonly after: string | null }): Promise<UserPage>;
  /**
   * Applies `changes` and returns the updated user, or null when there is no such user.
   * Never lowers a cutoff (`accessNotBefore`, `sessionsNotBefore`): a lower one is ignored, the rest applies.
   */
  update(id: UserId, changes: UserChanges): Promise<UserRecord | null>;
  /**
   * Commits a credential change: the generation goes from `change.from` to `from + 1`, which
   * ends every session started under an earlier one but `keepSession`, and the password becomes
   * `passwordHash` when given. Raising the generation is the one write that commits: a failure
   * before it changes nothing, and after it the whole change holds whatever else fails (a new
   * hash is staged before it and is the password from then on). False, changing nothing
   * effective, when the generation is no longer `from` (another change won) or there is no
   * such user.
   */
  commitCredentialChange(id: UserId, change: CredentialChange): Promise<boolean>;
  /**
   * Moves the user to `change.email` and marks it verified, as a credential change (the
   * generation goes from `change.from` to `from + 1`, ending every other session). The address
   * stays unique under concurrency: of users racing for one free address exactly one wins, and
   * the others fail with `EMAIL_TAKEN`, unchanged. At every moment exactly one of the old and
   * new addresses finds the user. False, changing nothing effective, when the generation is no
   * longer `from` or there is no such user.
   */
  changeEmail(id: UserId, change: EmailChange): Promise<boolean>;
  /**
   * Marks the user's email verified, in one conditional write, only while `email` is still the
   * user's address; false, changing nothing, otherwise (or when there is no such user).
   */
  markEmailVerified(id: UserId, email: Email): Promise<boolean>;
}

/** A login session: one per login, carried on by refresh-token rotation. */
export interface SessionRecord {
  readonly userId: UserId;
  readonly id: SessionId;
  /** Epoch milliseconds, as are all times below. */
  readonly createdAt: number;
  readonly lastUsedAt: number;
  /** Absolute end of the session; rotation never extends it. */
  readonly expiresAt: number;
  /** Hash of the one refresh token that may be used next. */
  readonly refreshTokenHash: string;
  readonly revokedAt: number | null;
  /** The user's credential generation the session was started under (see `UserRecord`). */
  readonly credentialVersion: number;
  /**
   * The sign-in's assurance, carried unchanged to every token of the session (see
   * sessions/assurance.ts): `authTime` epoch seconds. A session stored before these existed
   * reads as aal1 `["pwd"]` authenticated at its creation.
   */
  readonly authTime: number;
  readonly acr: Acr;
  readonly amr: readonly AmrValue[];
}

/** Sessions and the refresh tokens they have spent. */
export interface SessionStore {
  create(session: SessionRecord): Promise<void>;
  get(userId: UserId, id: SessionId): Promise<SessionRecord | null>;
  /**
   * The user's most recently started sessions, in any state, newest first: at most `limit`,
   * so that a user with thousands of sessions never costs a read of them all.
   */
  listRecent(userId: UserId, limit: number): Promise<readonly SessionRecord[]>;
  /**
   * Replaces the current refresh token hash `from` with `to` in one conditional write. Returns
   * false, changing nothing, when `from` is no longer current or the session is revoked.
   */
  rotate(
    userId: UserId,
    id: SessionId,
    change: { readonly from: string; readonly to: string; readonly now: number },
  ): Promise<boolean>;
  /** Remembers a rotated refresh token hash until `expiresAt` so that reuse can be told from noise. */
  recordSpent(
    userId: UserId,
    hash: string,
    spent: { readonly sessionId: SessionId; readonly expiresAt: number },
  ): Promise<void>;
  /** The session a spent refresh token hash belonged to, while remembered. */
  findSpent(userId: UserId, hash: string, now: number): Promise<SessionId | null>;
  /**
   * Ends a session at `now`. Its refresh token stops at once, and so do its access tokens,
   * which the revocation read reports as of an ended session for `tokensFor` ms after the
   * ending: by then every access token the session was issued has expired. Ending an
   * ended session writes nothing (a replayed spent refresh token must not grow anything),
   * except to finish an ending that a failure interrupted.
   */
  revoke(
    userId: UserId,
    id: SessionId,
    ended: { readonly now: number; readonly tokensFor: number },
  ): Promise<void>;
}

/** One revoked access token. */
export interface DeniedToken {
  readonly jti: Jti;
  /** The token's `iat`, epoch seconds. */
  readonly issuedAt: number;
  /** Epoch ms; after it the token is expired anyway, and the entry may be forgotten. */
  readonly until: number;
}

/** Individually revoked access tokens, by `jti`. */
export interface Denylist {
  /** Denies one access token of `userId` until `token.until`; `now` is the time of the call. */
  add(userId: UserId, token: DeniedToken, now: number): Promise<void>;
}

/**
 * Whether a verified access token is still good, as far as stored state decides it: the user
 * (with its cutoffs), whether the token's session has ended, and whether its `jti` is denied.
 * A store may report a revocation through a cutoff instead of an entry (one that would keep
 * too many entries raises the cutoff past them); `isAccessTokenLive` weighs both.
 */
export interface RevocationState {
  /** The whole profile, not only its cutoffs: `me` answers from it instead of reading again. */
  readonly user: UserProfile | null;
  readonly sessionEnded: boolean;
  readonly jtiDenied: boolean;
}

/**
 * Reads the revocation state of one access token, with its user's profile, in one strongly
 * consistent read.
 */
export interface RevocationReader {
  read(ref: {
    readonly userId: UserId;
    readonly sessionId: SessionId;
    readonly jti: Jti;
    readonly now: number;
  }): Promise<RevocationState>;
}

/** Attempt counting per key (a hash of an email, a source or a scope), in fixed windows. */
export interface LoginAttempts {
  /**
   * Atomically counts one attempt. Returns false, counting nothing, when `max` attempts were
   * already counted in the current window.
   */
  reserve(
    key: string,
    limit: { readonly now: number; readonly max: number; readonly windowMs: number },
  ): Promise<boolean>;
  /** Takes back one counted attempt (the login succeeded). */
  release(key: string, now: number): Promise<void>;
  /**
   * The attempts counted in the window live at `now` (0 when none is), without writing: how a
   * shared ceiling is checked without making every caller write its one item. May lag a
   * moment behind `reserve` (an eventually consistent read).
   */
  peek(key: string, now: number): Promise<number>;
  /** Forgets every attempt counted on `key` (a lock-out ends: the password was reset). */
  clear(key: string): Promise<void>;
}

/**
 * Who holds ADMIN, kept so that the last one cannot lose it (a count the domain can change
 * with single-item conditional writes, no transactions). It may undercount, never overcount:
 * the domain registers an admin only after its profile says ADMIN, and unregisters one before
 * its profile stops saying so, so a crash in between leaves the guard stricter, not looser.
 * A store that has never kept one builds it from the users' roles on first use.
 */
export interface AdminRegistry {
  /** Registers `id` as an admin; idempotent. */
  add(id: UserId): Promise<void>;
  /**
   * Unregisters `id`, atomically, only when another admin stays registered; false, changing
   * nothing, when `id` is the only one (or none is registered). An id that is not registered
   * is "removed" (true) while at least one admin is.
   */
  remove(id: UserId): Promise<boolean>;
}

/** What a mailed link lets its holder do. */
export type LinkPurpose = "verify-email" | "reset-password" | "confirm-email";

/** A mailed link's token as stored: never the token itself, only its hash. */
export interface LinkTokenRecord {
  /** SHA-256 of the token, base64url: the record's key. */
  readonly hash: string;
  readonly purpose: LinkPurpose;
  readonly userId: UserId;
  /** The address the link was mailed to (for `confirm-email`, the new address). */
  readonly email: Email;
  /** The user's credential generation at issue: a later credential change kills the link. */
  readonly credentialVersion: number;
  /** Epoch ms; the link is refused from then on (checked in code: no store's TTL is trusted). */
  readonly expiresAt: number;
  /** `confirm-email`: the session that asked for the change, which outlives it; else absent. */
  readonly sessionId?: SessionId;
}

/** Single-use link tokens, by hash. */
export interface LinkTokenStore {
  /** Stores a new token record. */
  put(record: LinkTokenRecord): Promise<void>;
  /**
   * Spends the token `hash` in one conditional write when it is unspent, of `purpose` and not
   * expired at `now`, and returns its record; null, changing nothing, otherwise. Of concurrent
   * calls with one hash, exactly one gets the record.
   */
  take(hash: string, purpose: LinkPurpose, now: number): Promise<LinkTokenRecord | null>;
}

/** A TOTP secret waiting for its first code (enrolment not confirmed yet). */
export interface PendingTotp {
  /** The secret, sealed (factors/secret-box.ts): never stored in clear. */
  readonly sealedSecret: string;
  /** Epoch ms; after it the enrolment is gone (checked in code: no store deletes on time). */
  readonly expiresAt: number;
}

/** A user's TOTP authenticator as stored. In force only while the profile says `totp`. */
export interface StoredTotp {
  readonly sealedSecret: string;
  /** The last RFC 6238 time step accepted: only a later one is accepted next (no replay). */
  readonly lastStep: number;
  /** Epoch ms. */
  readonly enabledAt: number;
}

/**
 * Second-factor secrets on the user's partition: the pending and active TOTP and the recovery
 * codes (as hashes). Every write is one conditional single-item write.
 */
export interface SecondFactorStore {
  /** Replaces any pending enrolment of the user. */
  putPendingTotp(userId: UserId, pending: PendingTotp): Promise<void>;
  /** The pending enrolment, or null when there is none or it expired by `now`. */
  getPendingTotp(userId: UserId, now: number): Promise<PendingTotp | null>;
  removePendingTotp(userId: UserId): Promise<void>;
  /**
   * Stores the active TOTP. Replaces a stored one only when its `lastStep` is lower than the
   * new one's (a leftover of a removal, never a replay of the confirming code): false otherwise.
   */
  activateTotp(userId: UserId, totp: StoredTotp): Promise<boolean>;
  getTotp(userId: UserId): Promise<StoredTotp | null>;
  /**
   * Accepts `step` for the TOTP sealed as `sealedSecret`, atomically, only when it is later
   * than the last accepted one: of two uses of one code, one wins. False otherwise (replay,
   * or the TOTP was replaced or removed meanwhile).
   */
  acceptTotpStep(
    userId: UserId,
    accepted: { readonly sealedSecret: string; readonly step: number },
  ): Promise<boolean>;
  removeTotp(userId: UserId): Promise<void>;
  /** Replaces the user's recovery codes (hashes) with a new set in one write: the old set dies. */
  replaceRecoveryCodes(userId: UserId, hashes: readonly string[]): Promise<void>;
  /** Removes `hash` from the set, atomically: true for exactly one of concurrent uses. */
  useRecoveryCode(userId: UserId, hash: string): Promise<boolean>;
  /** How many codes of the set are left (0 without a set), without reading the codes. */
  recoveryCodesLeft(userId: UserId): Promise<number>;
  removeRecoveryCodes(userId: UserId): Promise<void>;
}

/** Every store the domain needs. */
export interface Stores {
  readonly passkeys: PasskeyStore;
  readonly passkeyChallenges: PasskeyChallengeStore;
  readonly users: UserStore;
  readonly sessions: SessionStore;
  readonly denylist: Denylist;
  readonly revocations: RevocationReader;
  readonly loginAttempts: LoginAttempts;
  readonly admins: AdminRegistry;
  readonly linkTokens: LinkTokenStore;
  readonly factors: SecondFactorStore;
}
