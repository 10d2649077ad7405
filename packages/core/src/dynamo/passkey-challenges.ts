import type { UserId } from "../ids.js";
import type { PasskeyCeremony, PasskeyChallengeStore } from "../ports.js";
import { challengeKey, ttlFor } from "./keys.js";
import type { Table } from "./table.js";

/** Challenges as items with a TTL; DynamoDB's TTL only tidies up, expiry is checked here. */
export function dynamoPasskeyChallenges(t: Table): PasskeyChallengeStore {
  return {
    async put(entry) {
      await t.put({
        Item: {
          ...challengeKey(entry.challenge),
          ceremony: entry.ceremony,
          ...(entry.userId === null ? {} : { userId: entry.userId }),
          expiresAt: entry.expiresAt,
          ttl: ttlFor(entry.expiresAt),
        },
        // Challenges are random; a collision would hand one challenge to two ceremonies.
        ConditionExpression: "attribute_not_exists(pk)",
      });
    },

    async take(challenge, now) {
      // The conditional delete is what makes a challenge single use: of two takes, one
      // deletes the item and gets it back, the other finds nothing to delete.
      const item = await t.deleteIf({
        Key: challengeKey(challenge),
        ConditionExpression: "attribute_exists(pk)",
      });
      if (item === null || (item.expiresAt as number) <= now) return null;
      return {
        challenge,
        ceremony: item.ceremony as PasskeyCeremony,
        userId: typeof item.userId === "string" ? (item.userId as UserId) : null,
        expiresAt: item.expiresAt as number,
      };
    },
  };
}
