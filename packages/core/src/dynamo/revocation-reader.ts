import type { RevocationReader, RevocationState } from "../ports.js";
import { userKey } from "./keys.js";
import { hasLiveEntry, REVOCATION_SETS } from "./revocation-entries.js";
import type { Table } from "./table.js";
import { toProfile } from "./user-items.js";

const { session: ENDED, token: DENIED } = REVOCATION_SETS;

/**
 * The per-request revocation check: one strongly consistent GetItem of the user's profile
 * item, which holds the cutoffs, the ended sessions and the denied tokens. The profile comes
 * along so that `me` needs no second read.
 *
 * The item is read whole: it holds nothing secret (the password hash has an item of its own),
 * and a projection would not make the read cheaper (DynamoDB charges a GetItem by the size of
 * the item, not of the answer) but would cost an expression evaluation per request.
 */
export function dynamoRevocationReader(t: Table): RevocationReader {
  return {
    async read({ userId, sessionId, jti, now }): Promise<RevocationState> {
      const item = await t.get(userKey(userId), true);
      if (item === undefined) return { user: null, sessionEnded: false, jtiDenied: false };
      return {
        // Field by field: nothing else on the item (a hash an older version left there,
        // the revocation sets) travels with the request.
        user: toProfile(item),
        sessionEnded: hasLiveEntry(item[ENDED.attribute], sessionId, now),
        jtiDenied: hasLiveEntry(item[DENIED.attribute], jti, now),
      };
    },
  };
}
