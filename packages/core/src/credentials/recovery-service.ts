import { findUserByEmail } from "../accounts/email.js";
import { isAdmin, type Principal } from "../accounts/principal.js";
import { sleepUntil } from "../clock.js";
import type { AuthDeps } from "../deps.js";
import { forbidden, invalidLinkToken, notSignedIn, rateLimited, unknownUser } from "../errors.js";
import { type Email, NOBODY, parseUserId, type UserId } from "../ids.js";
import { sendOrFail, sendOrLog } from "../mail/outbox.js";
import {
  type MailContent,
  passwordResetNotice,
  resetPasswordMail,
  verifyEmailMail,
} from "../mail/templates.js";
import type { LinkPurpose, UserProfile } from "../ports.js";
import { createAnonymousLimiter } from "./anonymous-limiter.js";
import { reserveAll } from "./attempt-limiter.js";
import { issueLink, type LinkSubject, spendLink, withdrawLink } from "./link-tokens.js";
import { attemptKey, linkMailBudget, sourceAttemptKey } from "./login-limiter.js";
import { acceptPassword } from "./password-policy.js";
import type { RequestSource } from "./source-limiter.js";

/** Email verification and password reset by mailed links. */
export interface RecoveryService {
  /** Mails a verification link to the caller's address; nothing when it is verified already. */
  requestEmailVerification(caller: Principal): Promise<void>;
  /** Spends a verification link: the address it was sent to is verified if still the user's. */
  verifyEmail(token: string): Promise<UserId>;
  /**
   * Mails a reset link when `email` has an account; answers alike, with the same store work,
   * whether it has one or not. Limited per address and per source.
   */
  requestPasswordReset(email: string, source?: RequestSource): Promise<void>;
  /**
   * Spends a reset link: sets the password, ends every session, clears the login lock-out of
   * the address, verifies the address, and sends the "password reset" notice.
   */
  resetPassword(token: string, newPassword: string, source?: RequestSource): Promise<UserId>;
  /** An admin mails a reset link to a user; `MAIL_UNAVAILABLE` when it cannot be sent. */
  sendPasswordReset(caller: Principal, userId: string): Promise<void>;
}

const NOBODY_EMAIL = "nobody@invalid" as Email;

type LinkUser = Pick<UserProfile, "id" | "email" | "credentialVersion">;

/**
 * Issues a link of `purpose` for `subject` and mails it to `subject.email`, made by `template`;
 * throws `MAIL_UNAVAILABLE` when the mail cannot be sent, after spending the link, so that
 * nothing written outlives the failure's meaning (the link never left).
 */
export async function mailLink(
  deps: AuthDeps,
  purpose: LinkPurpose,
  subject: LinkSubject,
  template: (url: string) => MailContent,
): Promise<void> {
  const link = await issueLink(deps, purpose, subject);
  try {
    await sendOrFail(deps.mail, { to: subject.email, ...template(link.url) });
  } catch (error) {
    await withdrawLink(deps, purpose, link);
    throw error;
  }
}

/** The link subject of `user` at its current address and generation. */
function subjectOf(user: LinkUser): LinkSubject {
  return { userId: user.id, email: user.email, credentialVersion: user.credentialVersion };
}

/** Mails the first or a new verification link to `user`; throws `MAIL_UNAVAILABLE`. */
export function mailVerificationLink(deps: AuthDeps, user: LinkUser): Promise<void> {
  return mailLink(deps, "verify-email", subjectOf(user), verifyEmailMail);
}

/** Builds the recovery service. */
export function createRecoveryService(deps: AuthDeps): RecoveryService {
  const { users } = deps.stores;
  const anonymous = createAnonymousLimiter(deps);

  async function limitMail(email: string, call: "passwordReset" | "verification") {
    // Counted and never handed back: each request is a mail (or stands in for one).
    if ((await reserveAll(deps, [linkMailBudget(email, deps.settings)])) === null) {
      throw rateLimited(call);
    }
  }

  return {
    async requestEmailVerification(caller) {
      const user = caller.account ?? (await users.get(caller.userId));
      if (user === null) throw notSignedIn();
      if (user.emailVerified) return;
      await limitMail(user.email, "verification");
      await mailVerificationLink(deps, user);
    },

    async verifyEmail(token) {
      const link = await spendLink(deps, "verify-email", token);
      // Conditional on the address: a link sent to an address the user no longer has does nothing.
      if (!(await users.markEmailVerified(link.userId, link.email))) throw invalidLinkToken();
      return link.userId;
    },

    async requestPasswordReset(email, source) {
      const started = deps.clock.now();
      await anonymous.take(source, "passwordReset");
      await limitMail(email, "passwordReset");
      const user = await findUserByEmail(users, email);
      // Enumeration (OWASP Forgot Password Cheat Sheet): an unknown address makes the same
      // reads (the profile and password items of a user that cannot exist) and the same link
      // write (a link for nobody, whose token is dropped at once) as a known one. Only the mail
      // itself differs; see docs/security.md for what that leaves.
      if (user === null) await users.get(NOBODY);
      const subject =
        user === null
          ? { userId: NOBODY, email: NOBODY_EMAIL, credentialVersion: 0 }
          : subjectOf(user);
      const link = await issueLink(deps, "reset-password", subject);
      if (user !== null) {
        const mail = { to: user.email, ...resetPasswordMail(link.url) };
        if (!(await sendOrLog(deps.mail, mail, "password-reset"))) {
          await withdrawLink(deps, "reset-password", link);
        }
      }
      // The mail is the one step the paths do not share: both answer at the same moment.
      await sleepUntil(deps.clock, started + deps.settings.passwordResetMinMs);
    },

    async resetPassword(token, newPassword, source) {
      // The policy first: a refused password must not cost the link.
      const accepted = acceptPassword(newPassword, deps.settings.passwordMinLength);
      const link = await spendLink(deps, "reset-password", token);
      const user = await users.get(link.userId);
      // A credential change since the link was sent (another reset, a password or email
      // change) raised the generation: the link died with it.
      if (
        user === null ||
        user.credentialVersion !== link.credentialVersion ||
        user.email !== link.email
      ) {
        throw invalidLinkToken();
      }
      const committed = await users.commitCredentialChange(user.id, {
        from: link.credentialVersion,
        passwordHash: await deps.hasher.hash(accepted),
        keepSession: null,
        now: deps.clock.now(),
      });
      if (!committed) throw invalidLinkToken();
      // Whoever opened the link reads mail at the address: that is verification.
      await users.markEmailVerified(user.id, link.email);
      // Guesses at the old password no longer lock the owner out of the new one. Counters per
      // (address, source) are keyed by hash and cannot be listed: the resetting source's is.
      const keys = [attemptKey(user.email)];
      if (source !== undefined) keys.push(sourceAttemptKey(user.email, source.ip));
      await Promise.all(keys.map((key) => deps.stores.loginAttempts.clear(key)));
      const notice = { to: user.email, ...passwordResetNotice() };
      await sendOrLog(deps.mail, notice, "password-reset-notice");
      return user.id;
    },

    async sendPasswordReset(caller, userId) {
      if (!isAdmin(caller)) throw forbidden();
      const id = parseUserId(userId);
      const user = id === null ? null : await users.get(id);
      if (user === null) throw unknownUser();
      await mailLink(deps, "reset-password", subjectOf(user), resetPasswordMail);
    },
  };
}
