import type { AuthDeps } from "../deps.js";
import { invalidCredentials, rateLimited } from "../errors.js";
import type { UserId } from "../ids.js";
import type { UserRecord } from "../ports.js";
import { reserveAll } from "./attempt-limiter.js";
import { passwordChangeBudget } from "./login-limiter.js";

/**
 * The signed-in user's record once `currentPassword` is theirs (`changePassword`,
 * `requestEmailChange`). Wrong guesses count on the user's own counter, apart from login's: a
 * stranger's failed logins cannot block a change, nor a change lock out logins, and the
 * mutations that check the password share one budget.
 */
export async function checkCurrentPassword(
  deps: AuthDeps,
  userId: UserId,
  currentPassword: string,
): Promise<UserRecord> {
  const user = await deps.stores.users.get(userId);
  if (user === null) throw invalidCredentials();
  const release = await reserveAll(deps, [passwordChangeBudget(user.id, deps.settings)]);
  if (release === null) throw rateLimited("passwordChange");
  if (!(await deps.hasher.verify(user.passwordHash, currentPassword.normalize("NFKC")))) {
    throw invalidCredentials();
  }
  await release();
  return user;
}
