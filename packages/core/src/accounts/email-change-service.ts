import { reserveAll } from "../credentials/attempt-limiter.js";
import { checkCurrentPassword } from "../credentials/current-password.js";
import { spendLink } from "../credentials/link-tokens.js";
import { emailChangeBudget, linkMailBudget } from "../credentials/login-limiter.js";
import { mailLink } from "../credentials/recovery-service.js";
import type { AuthDeps } from "../deps.js";
import { invalidLinkToken, rateLimited } from "../errors.js";
import type { UserId } from "../ids.js";
import { sendOrLog } from "../mail/outbox.js";
import { confirmEmailMail, emailChangedNotice } from "../mail/templates.js";
import { acceptEmail } from "./email.js";
import type { Principal } from "./principal.js";

/** Moving an account to a new address, proven by a link mailed to that address. */
export interface EmailChangeService {
  /**
   * Checks the caller's current password (failures count with `changePassword`'s), then mails
   * a `confirm-email` link to `newEmail`; `MAIL_UNAVAILABLE` when it cannot be sent. An address
   * that is already an account's, the caller's own included, gets no mail and the same answer.
   */
  requestEmailChange(caller: Principal, newEmail: string, currentPassword: string): Promise<void>;
  /**
   * Spends a `confirm-email` link: the user moves to the address it was mailed to, verified,
   * every session but the one that asked ends, and the old address gets a notice.
   * `EMAIL_TAKEN` when another account took the address since.
   */
  confirmEmailChange(token: string): Promise<UserId>;
}

/** Builds the email change service. */
export function createEmailChangeService(deps: AuthDeps): EmailChangeService {
  const { users } = deps.stores;

  return {
    async requestEmailChange(caller, newEmail, currentPassword) {
      const user = await checkCurrentPassword(deps, caller.userId, currentPassword);
      const email = acceptEmail(newEmail);
      // Counted and never handed back, taken address or not: the per-user counter bounds how
      // many addresses one account can probe, the per-address one how much mail one inbox gets.
      const budgets = [
        emailChangeBudget(user.id, deps.settings),
        linkMailBudget(email, deps.settings),
      ];
      if ((await reserveAll(deps, budgets)) === null) throw rateLimited("emailChange");
      // Enumeration (OWASP Authentication Cheat Sheet): "taken" would tell a signed-in user
      // whose address this is. An address with an account, the caller's own too, is answered
      // alike and mailed nothing; a real race for a free address is settled at confirmation.
      if ((await users.getByEmail(email)) !== null) return;
      await mailLink(
        deps,
        "confirm-email",
        {
          userId: user.id,
          email,
          credentialVersion: user.credentialVersion,
          sessionId: caller.sessionId,
        },
        confirmEmailMail,
      );
    },

    async confirmEmailChange(token) {
      const link = await spendLink(deps, "confirm-email", token);
      const user = await users.get(link.userId);
      // A credential change since the link was sent (a password change, a reset, another email
      // change) raised the generation: the link died with it.
      if (user === null || user.credentialVersion !== link.credentialVersion) {
        throw invalidLinkToken();
      }
      // The link is opened anywhere, without a session: the session that asked for the change
      // (with the password and a recent sign-in) is the one the contract's "every other
      // session" spares; every other one ends. EMAIL_TAKEN passes through: another account
      // won the address meanwhile (the store keeps addresses unique under concurrency).
      const changed = await users.changeEmail(user.id, {
        from: link.credentialVersion,
        email: link.email,
        keepSession: link.sessionId ?? null,
        now: deps.clock.now(),
      });
      if (!changed) throw invalidLinkToken();
      // After the commit the change holds: the old address is told, and a failure is logged.
      const notice = { to: user.email, ...emailChangedNotice() };
      await sendOrLog(deps.mail, notice, "email-changed-notice");
      return user.id;
    },
  };
}
