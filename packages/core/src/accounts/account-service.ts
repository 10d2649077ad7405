import { checkCurrentPassword } from "../credentials/current-password.js";
import { acceptPassword } from "../credentials/password-policy.js";
import type { AuthDeps } from "../deps.js";
import {
  forbidden,
  invalidArgument,
  invalidCredentials,
  lastAdmin,
  unknownUser,
} from "../errors.js";
import { parseUserId } from "../ids.js";
import { sendOrLog } from "../mail/outbox.js";
import { passwordChangedNotice } from "../mail/templates.js";
import type { UserPage, UserProfile, UserRecord } from "../ports.js";
import { ADMIN, type Role } from "../roles.js";
import { cutoffsAt } from "../sessions/session-state.js";
import { isAdmin, type Principal } from "./principal.js";

/** Largest page `users` returns. */
export const MAX_PAGE_SIZE = 100;

/** Reading and changing accounts. */
export interface AccountService {
  /** The caller's own account (null if it was deleted meanwhile). */
  me(caller: Principal): Promise<UserProfile | null>;
  /** An account by id: admins any (null when unknown), others only their own. */
  getUser(caller: Principal, id: string): Promise<UserRecord | null>;
  /** Admins page through all accounts, oldest first. */
  listUsers(caller: Principal, first: number, after: string | null): Promise<UserPage>;
  /** Admins replace a user's roles; the user's older access tokens stop working. */
  setRoles(caller: Principal, userId: string, roles: readonly Role[]): Promise<UserRecord>;
  /**
   * Admins disable or re-enable an account. Disabling ends every session and token of the
   * user for good (re-enabling revives none); the last enabled ADMIN cannot be disabled.
   */
  setDisabled(caller: Principal, userId: string, disabled: boolean): Promise<UserRecord>;
  /**
   * Changes the caller's password and ends every other session of theirs, all or nothing:
   * after a failure either nothing changed or all of it did, and a retry with whichever
   * password is current finishes the job.
   */
  changePassword(caller: Principal, currentPassword: string, newPassword: string): Promise<void>;
}

/** Builds the account service. */
export function createAccountService(deps: AuthDeps): AccountService {
  const { users } = deps.stores;

  return {
    // The authenticator read the account with the revocation state, strongly consistent and
    // in this same request: reading it again would only double the request's latency.
    me: async (caller) => caller.account ?? users.get(caller.userId),

    async getUser(caller, id) {
      if (!isAdmin(caller) && id !== caller.userId) throw forbidden();
      const userId = parseUserId(id);
      return userId === null ? null : users.get(userId);
    },

    async listUsers(caller, first, after) {
      if (!isAdmin(caller)) throw forbidden();
      if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
        throw invalidArgument(`"first" must be between 1 and ${MAX_PAGE_SIZE}.`);
      }
      return users.list({ first, after });
    },

    async setRoles(caller, userId, roles) {
      if (!isAdmin(caller)) throw forbidden();
      const id = parseUserId(userId);
      const current = id === null ? null : await users.get(id);
      if (id === null || current === null) throw unknownUser();
      const next = deps.settings.roles.accept(roles);
      const granted = next.includes(ADMIN) && !current.roles.includes(ADMIN);
      const withdrawn = !next.includes(ADMIN) && current.roles.includes(ADMIN);
      // Unregistered before the profile changes, registered after (see AdminRegistry): a
      // failure in between leaves the registry undercounting, which only refuses more.
      if (withdrawn && !(await deps.stores.admins.remove(id))) throw lastAdmin();
      const { accessNotBefore } = cutoffsAt(deps.clock.now());
      const updated = await users.update(id, { roles: next, accessNotBefore });
      if (updated === null) throw unknownUser();
      // A disabled admin does not count: it is registered when it is enabled again.
      if (granted && !updated.disabled) await deps.stores.admins.add(id);
      return updated;
    },

    async setDisabled(caller, userId, disabled) {
      if (!isAdmin(caller)) throw forbidden();
      const id = parseUserId(userId);
      const current = id === null ? null : await users.get(id);
      if (id === null || current === null) throw unknownUser();
      if (!disabled) {
        const updated = await users.update(id, { disabled: false });
        if (updated === null) throw unknownUser();
        // Registered after the profile says enabled ADMIN (see AdminRegistry).
        if (updated.roles.includes(ADMIN)) await deps.stores.admins.add(id);
        return updated;
      }
      // Unregistered before the profile says disabled: the same guard as losing ADMIN, so two
      // admins disabling each other at once leave one enabled.
      if (current.roles.includes(ADMIN) && !(await deps.stores.admins.remove(id))) {
        throw lastAdmin();
      }
      // The cutoffs rise with the flag, as revokeAllSessions raises them: the tokens and
      // sessions of before stay ended when the account is enabled again.
      const updated = await users.update(id, { disabled: true, ...cutoffsAt(deps.clock.now()) });
      if (updated === null) throw unknownUser();
      return updated;
    },

    async changePassword(caller, currentPassword, newPassword) {
      const user = await checkCurrentPassword(deps, caller.userId, currentPassword);
      const accepted = acceptPassword(newPassword, deps.settings.passwordMinLength);
      // One conditional write commits the new password and ends every other session, by
      // raising the credential generation: no failure leaves the password changed and the
      // other sessions (a thief's among them) alive, and no login that checked the old
      // password, however it interleaves with this, keeps a session (see startSession).
      const committed = await users.commitCredentialChange(user.id, {
        from: user.credentialVersion,
        passwordHash: await deps.hasher.hash(accepted),
        keepSession: caller.sessionId,
        now: deps.clock.now(),
      });
      // Another change committed since the password was checked: it is no longer current.
      if (!committed) throw invalidCredentials();
      // After the commit the change holds: a notice that cannot be sent is logged, not fatal.
      const notice = { to: user.email, ...passwordChangedNotice() };
      await sendOrLog(deps.mail, notice, "password-changed-notice");
    },
  };
}
