import type { Denylist } from "../ports.js";
import { addRevocationEntry, REVOCATION_SETS } from "./revocation-entries.js";
import type { Table } from "./table.js";

/** Denied `jti`s, on their user's profile item, where the per-request read finds them. */
export function dynamoDenylist(
  t: Table,
  maxDeniedTokens: number = REVOCATION_SETS.token.maxLive,
): Denylist {
  return {
    async add(userId, token, now) {
      const entry = { id: token.jti, issued: token.issuedAt, until: token.until };
      await addRevocationEntry(t, userId, "token", entry, now, maxDeniedTokens);
    },
  };
}
