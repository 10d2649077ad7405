import type { SessionId, UserId } from "../ids.js";
import type { SessionRecord, SessionStore } from "../ports.js";
import { type AmrValue, type Assurance, legacyAssurance } from "../sessions/assurance.js";
import { SESSION_PREFIX, sessionKey, spentKey, ttlFor, userPartition } from "./keys.js";
import { addRevocationEntry, isRevocationRecorded, REVOCATION_SETS } from "./revocation-entries.js";
import type { Item, Table } from "./table.js";

/**
 * The stored assurance; a session stored before sessions remembered it (no such attributes)
 * was started by a password, when it was created.
 */
function assuranceOfItem(item: Item): Assurance {
  const { authTime, acr, amr } = item;
  if (typeof authTime === "number" && (acr === "aal1" || acr === "aal2") && Array.isArray(amr)) {
    return { authTime, acr, amr: amr as AmrValue[] };
  }
  return legacyAssurance(item.createdAt as number);
}

function toRecord(item: Item): SessionRecord {
  return {
    userId: item.userId as UserId,
    id: item.id as SessionId,
    createdAt: item.createdAt as number,
    lastUsedAt: item.lastUsedAt as number,
    expiresAt: item.expiresAt as number,
    refreshTokenHash: item.refreshTokenHash as string,
    revokedAt: typeof item.revokedAt === "number" ? item.revokedAt : null,
    // Sessions stored before credential generations existed belong to the first one.
    credentialVersion: typeof item.credentialVersion === "number" ? item.credentialVersion : 0,
    ...assuranceOfItem(item),
  };
}

/**
 * Sessions in their user's partition; spent refresh hashes beside them until the session ends.
 * An ended session is also entered on the user's profile item (see revocation-entries.ts).
 */
export function dynamoSessionStore(
  t: Table,
  maxEndedSessions: number = REVOCATION_SETS.session.maxLive,
): SessionStore {
  const get = async (userId: UserId, id: SessionId) => {
    const item = await t.get(sessionKey(userId, id), true);
    return item ? toRecord(item) : null;
  };

  return {
    async create(session) {
      const { revokedAt: _, ...fields } = session;
      await t.put({
        Item: {
          ...sessionKey(session.userId, session.id),
          ...fields,
          ttl: ttlFor(session.expiresAt),
        },
        ConditionExpression: "attribute_not_exists(pk)",
      });
    },

    get,

    async listRecent(userId, limit) {
      const sessions: SessionRecord[] = [];
      let start: Item | undefined;
      // Session ids sort by start time (see newSessionId), so reading backwards reads the
      // newest first; ids of the older, random-only form sort before all of them.
      do {
        const page = await t.query({
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
          ExpressionAttributeValues: { ":pk": userPartition(userId), ":prefix": SESSION_PREFIX },
          ConsistentRead: true,
          ScanIndexForward: false,
          Limit: limit - sessions.length,
          ...(start === undefined ? {} : { ExclusiveStartKey: start }),
        });
        sessions.push(...(page.Items ?? []).map(toRecord));
        start = page.LastEvaluatedKey;
      } while (start !== undefined && sessions.length < limit);
      return sessions;
    },

    async rotate(userId, id, { from, to, now }) {
      const rotated = await t.updateIf({
        Key: sessionKey(userId, id),
        UpdateExpression: "SET refreshTokenHash = :to, lastUsedAt = :now",
        ConditionExpression:
          "refreshTokenHash = :from AND attribute_not_exists(revokedAt) AND expiresAt > :now",
        ExpressionAttributeValues: { ":from": from, ":to": to, ":now": now },
      });
      return rotated !== null;
    },

    async recordSpent(userId, hash, { sessionId, expiresAt }) {
      await t.put({
        Item: { ...spentKey(userId, hash), sessionId, expiresAt, ttl: ttlFor(expiresAt) },
      });
    },

    async findSpent(userId, hash, now) {
      const item = await t.get(spentKey(userId, hash), true);
      // TTL deletion is lazy (and absent in local engines): expiry is decided here.
      if (item === undefined || (item.expiresAt as number) <= now) return null;
      return item.sessionId as SessionId;
    },

    async revoke(userId, id, { now, tokensFor }) {
      const stored = await get(userId, id);
      if (stored === null) return;
      let endedAt = stored.revokedAt ?? undefined;
      if (endedAt === undefined) {
        // Of concurrent endings exactly one sets the time; the others read it back.
        const ended = await t.updateIf({
          Key: sessionKey(userId, id),
          UpdateExpression: "SET revokedAt = :now",
          ConditionExpression: "attribute_exists(pk) AND attribute_not_exists(revokedAt)",
          ExpressionAttributeValues: { ":now": now },
        });
        endedAt = ended !== null ? now : ((await get(userId, id))?.revokedAt ?? undefined);
        if (endedAt === undefined) return;
      } else if (endedAt + tokensFor <= now) {
        // Ended long enough ago that none of its access tokens can still be presented.
        return;
      }
      // The refresh token is stopped above; the access tokens by an entry on the user's item.
      // The entry is made from what is stored (the ending time, not this call's), so every
      // call for one session makes the same entry: repeating the ending (a replayed spent
      // refresh token) adds nothing, and a call repeated after a failure here completes it.
      const entry = { id, issued: stored.createdAt, until: endedAt + tokensFor };
      if (stored.revokedAt !== null) {
        // Ended before this call: write only what an interrupted ending left out.
        if (await isRevocationRecorded(t, userId, "session", entry)) return;
      }
      await addRevocationEntry(t, userId, "session", entry, now, maxEndedSessions);
    },
  };
}
