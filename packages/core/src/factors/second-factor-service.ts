import { isAdmin, type Principal } from "../accounts/principal.js";
import { reserveAll } from "../credentials/attempt-limiter.js";
import { secondFactorBudget } from "../credentials/login-limiter.js";
import type { AuthDeps } from "../deps.js";
import {
  forbidden,
  invalidSecondFactor,
  rateLimited,
  secondFactorState,
  unknownUser,
} from "../errors.js";
import { parseUserId, type SessionId, type UserId } from "../ids.js";
import type { UserProfile } from "../ports.js";
import { hasSecondFactor } from "../sessions/assurance.js";
import type { AuthResult } from "../sessions/issue.js";
import { noticeFactorAdded, noticeFactorsRemoved, noticeRecoveryCodeUsed } from "./notices.js";
import { removeAllPasskeys } from "./passkeys/remove-all.js";
import { newRecoveryCodes, recoveryCodeHash } from "./recovery-codes.js";
import { signInWithSecondFactor } from "./second-factor-sign-in.js";
import { openSecret, sealSecret, type TotpKeyRing } from "./secret-box.js";
import { matchTotp, newTotpSecret, totpQrSvg, totpUri } from "./totp.js";

/** How long a begun enrolment waits for its first code. */
export const PENDING_TOTP_MS = 10 * 60_000;

/** What the enrolment screen shows once: the secret, its otpauth URI and that URI as a QR code. */
export interface TotpEnrollment {
  readonly secret: string;
  readonly uri: string;
  readonly qrSvg: string;
}

/**
 * TOTP and recovery codes. `user` is the caller's profile as the request read it (its
 * `credentialVersion` is the generation a change is decided from; its `secondFactors` say
 * which factors are in force).
 *
 * The profile's `secondFactors` is the one truth, and the item writes are ordered around the
 * one write that changes it (`commitCredentialChange`), so that a crash between writes never
 * leaves a factor usable that the gate does not know of, nor a gate that asks for a factor
 * that cannot be given. Adding: recovery set and TOTP item first, inert until the commit names
 * them. Removing: the commit first, which makes them inert, then the items go.
 */
export interface SecondFactorService {
  /** Starts TOTP enrolment: a new secret, kept sealed for `PENDING_TOTP_MS`. */
  beginTotpEnrollment(user: UserProfile): Promise<TotpEnrollment>;
  /**
   * A correct code of the pending secret turns TOTP on, ends every session but `session` and
   * returns 10 new recovery codes (the only time they are shown).
   */
  confirmTotpEnrollment(
    user: UserProfile,
    code: string,
    session: SessionId,
  ): Promise<readonly string[]>;
  /**
   * Checks a TOTP code (each at most once) or a recovery code (used up); wrong codes count
   * toward the user's limit (`RATE_LIMITED` once spent), and fail `INVALID_SECOND_FACTOR`.
   */
  verifyCode(user: UserProfile, code: string): Promise<{ readonly kind: "totp" | "recovery" }>;
  /** A TOTP or recovery code turns TOTP off and ends every session but `session`. */
  disableTotp(user: UserProfile, code: string, session: SessionId): Promise<void>;
  /** A TOTP or recovery code replaces the recovery codes: the old set stops working. */
  regenerateRecoveryCodes(user: UserProfile, code: string): Promise<readonly string[]>;
  /** An admin removes every second factor of a user and ends all that user's sessions. */
  removeSecondFactors(caller: Principal, userId: string): Promise<UserProfile>;
  /** How many recovery codes the user has left. */
  recoveryCodesLeft(userId: UserId): Promise<number>;
  /**
   * The second step of a sign-in: a TOTP or recovery code from an aal1 `caller` with a second
   * factor starts a new session at aal2 and ends the caller's.
   */
  verifySecondFactor(caller: Principal, code: string): Promise<AuthResult>;
}

/** Tries at an admin's removal when other credential changes keep winning the race. */
const REMOVAL_ATTEMPTS = 3;

/** Builds the second-factor service; `deps.totpKeys` seal the TOTP secrets at rest. */
export function createSecondFactorService(deps: AuthDeps): SecondFactorService {
  const { factors, users } = deps.stores;
  const issuerLabel = new URL(deps.settings.issuer).hostname;
  const ring = (): TotpKeyRing => {
    // Configuration, not input: the runtime refuses to start without keys where TOTP is served.
    if (deps.totpKeys === undefined) throw new Error("TOTP keys are not configured");
    return deps.totpKeys;
  };

  /** Runs `check` within the user's budget of wrong codes; a right code costs nothing. */
  async function limited<T>(user: UserProfile, check: () => Promise<T | null>): Promise<T> {
    const release = await reserveAll(deps, [secondFactorBudget(user.id, deps.settings)]);
    if (release === null) throw rateLimited("secondFactor");
    const result = await check();
    if (result === null) throw invalidSecondFactor();
    await release();
    return result;
  }

  async function useTotp(user: UserProfile, code: string): Promise<boolean> {
    // An item the profile does not name is inert: left by a crash half-way through a change.
    if (!user.secondFactors.totp) return false;
    const stored = await factors.getTotp(user.id);
    if (stored === null) return false;
    const secret = openSecret(ring(), user.id, stored.sealedSecret);
    if (secret === null) throw new Error("a stored TOTP secret does not open with the TOTP keys");
    const step = await matchTotp(secret, code, deps.clock.now(), stored.lastStep);
    // RFC 6238 §5.2: the store accepts each step once, whoever verified it.
    return (
      step !== null && factors.acceptTotpStep(user.id, { sealedSecret: stored.sealedSecret, step })
    );
  }

  async function useRecoveryCode(user: UserProfile, code: string): Promise<boolean> {
    const hash = recoveryCodeHash(user.id, code);
    if (hash === null || !hasSecondFactor(user)) return false;
    return factors.useRecoveryCode(user.id, hash);
  }

  async function verifyCode(user: UserProfile, code: string) {
    const typed = code.replace(/\s/g, "");
    const kind = await limited(user, async () => {
      if (/^\d{6}$/.test(typed)) return (await useTotp(user, typed)) ? "totp" : null;
      return (await useRecoveryCode(user, typed)) ? "recovery" : null;
    });
    if (kind === "recovery") await noticeRecoveryCodeUsed(deps, user);
    return { kind } as const;
  }

  async function newRecoverySet(userId: UserId) {
    const { codes, hashes } = newRecoveryCodes(userId, deps.random);
    await factors.replaceRecoveryCodes(userId, hashes);
    return codes;
  }

  return {
    async beginTotpEnrollment(user) {
      if (user.secondFactors.totp) throw secondFactorState("totpOn");
      const secret = newTotpSecret(deps.random);
      await factors.putPendingTotp(user.id, {
        sealedSecret: sealSecret(ring(), user.id, secret),
        expiresAt: deps.clock.now() + PENDING_TOTP_MS,
      });
      const uri = totpUri(secret, issuerLabel, user.email);
      return { secret, uri, qrSvg: await totpQrSvg(uri) };
    },

    async confirmTotpEnrollment(user, code, session) {
      if (user.secondFactors.totp) throw secondFactorState("totpOn");
      const now = deps.clock.now();
      const pending = await factors.getPendingTotp(user.id, now);
      if (pending === null) throw secondFactorState("noPendingTotp");
      const secret = openSecret(ring(), user.id, pending.sealedSecret);
      if (secret === null) throw secondFactorState("noPendingTotp");
      const step = await limited(user, () => matchTotp(secret, code.replace(/\s/g, ""), now, -1));
      // Inert until the commit below names TOTP on the profile.
      const codes = await newRecoverySet(user.id);
      const activated = await factors.activateTotp(user.id, {
        sealedSecret: pending.sealedSecret,
        lastStep: step,
        enabledAt: now,
      });
      // The confirming code again (a retry after a crash): never accepted twice.
      if (!activated) throw invalidSecondFactor();
      const committed = await users.commitCredentialChange(user.id, {
        from: user.credentialVersion,
        keepSession: session,
        now,
        secondFactors: { ...user.secondFactors, totp: true },
      });
      if (!committed) throw secondFactorState("changed");
      await factors.removePendingTotp(user.id).catch(() => undefined);
      await noticeFactorAdded(deps, user, "totp");
      return codes;
    },

    verifyCode,

    async disableTotp(user, code, session) {
      if (!user.secondFactors.totp) throw secondFactorState("totpOff");
      await verifyCode(user, code);
      const remaining = { ...user.secondFactors, totp: false };
      const committed = await users.commitCredentialChange(user.id, {
        from: user.credentialVersion,
        keepSession: session,
        now: deps.clock.now(),
        secondFactors: remaining,
      });
      if (!committed) throw secondFactorState("changed");
      // Inert since the commit; removed so that nothing secret outlives its use.
      await factors.removeTotp(user.id);
      if (!hasSecondFactor({ secondFactors: remaining }))
        await factors.removeRecoveryCodes(user.id);
      await noticeFactorsRemoved(deps, user, { totp: true, passkeys: 0 });
    },

    async regenerateRecoveryCodes(user, code) {
      if (!hasSecondFactor(user)) throw secondFactorState("noFactor");
      await verifyCode(user, code);
      return newRecoverySet(user.id);
    },

    async removeSecondFactors(caller, id) {
      if (!isAdmin(caller)) throw forbidden();
      const userId = parseUserId(id);
      if (userId === null) throw unknownUser();
      for (let attempt = 0; attempt < REMOVAL_ATTEMPTS; attempt++) {
        const user = await users.get(userId);
        if (user === null) throw unknownUser();
        const committed = await users.commitCredentialChange(userId, {
          from: user.credentialVersion,
          keepSession: null,
          now: deps.clock.now(),
          secondFactors: { totp: false, passkeys: 0 },
        });
        if (!committed) continue;
        await Promise.all([
          factors.removeTotp(userId),
          factors.removePendingTotp(userId),
          factors.removeRecoveryCodes(userId),
          // Inert already (the profile counts none); removed so that nothing is left behind.
          removeAllPasskeys(deps.stores, userId),
        ]);
        const { passwordHash: _, ...profile } = (await users.get(userId)) ?? user;
        await noticeFactorsRemoved(deps, profile, user.secondFactors);
        return profile;
      }
      throw secondFactorState("changed");
    },

    recoveryCodesLeft: (userId) => factors.recoveryCodesLeft(userId),

    verifySecondFactor: (caller, code) => signInWithSecondFactor(deps, caller, code, verifyCode),
  };
}
