import { storeUnavailable, unknownUser } from "../../errors.js";
import type { SessionId, UserId } from "../../ids.js";
import type { UserRecord } from "../../ports.js";
import type { PasskeyDeps } from "./passkey-config.js";

// A few rounds are enough: each lost round means another change of the same user committed.
const COMMIT_ROUNDS = 5;

/**
 * Commits a credential change that sets the profile's passkey count to what the store holds,
 * except `leaving` (a passkey about to be deleted). It ends every session of the user but
 * `keepSession` (a second factor changed: NIST SP 800-63B §6.1.2.1 has the owner told, and
 * whoever held a session before need not keep it). The count is taken after the read of the
 * generation it commits from, so when two changes race, the one that commits last counted
 * every passkey the other wrote. Resolves to the user as read before the commit (their address
 * is where the notice goes).
 */
export async function commitPasskeyCount(
  deps: PasskeyDeps,
  userId: UserId,
  keepSession: SessionId | null,
  leaving?: string,
): Promise<UserRecord> {
  const { users, passkeys } = deps.stores;
  for (let round = 0; round < COMMIT_ROUNDS; round++) {
    const user = await users.get(userId);
    if (user === null) throw unknownUser();
    const count = (await passkeys.list(userId)).filter((passkey) => passkey.id !== leaving).length;
    const committed = await users.commitCredentialChange(userId, {
      from: user.credentialVersion,
      keepSession,
      now: deps.clock.now(),
      secondFactors: { ...user.secondFactors, passkeys: count },
    });
    if (committed) return user;
  }
  throw storeUnavailable();
}
