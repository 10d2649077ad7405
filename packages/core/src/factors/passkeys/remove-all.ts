import type { UserId } from "../../ids.js";
import type { Stores } from "../../ports.js";

/**
 * Deletes every passkey of a user and its credential-id claim; the number deleted. Called
 * after a commit has set the profile's count to 0, which already made them inert.
 */
export async function removeAllPasskeys(
  stores: Pick<Stores, "passkeys">,
  userId: UserId,
): Promise<number> {
  const all = await stores.passkeys.list(userId);
  const removed = await Promise.all(all.map(({ id }) => stores.passkeys.remove(userId, id)));
  return removed.filter(Boolean).length;
}
