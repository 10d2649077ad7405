import type { LoginAttempts } from "../ports.js";
import { attemptsKey, ttlFor } from "./keys.js";
import type { Table } from "./table.js";

/** Tries before giving up on a window that other requests keep renewing at the same moment. */
const MAX_RACES = 3;

/** Fixed-window attempt counters, each step one conditional single-item write. */
export function dynamoLoginAttempts(t: Table): LoginAttempts {
  return {
    async reserve(key, { now, max, windowMs }) {
      for (let race = 0; race < MAX_RACES; race++) {
        // Count in the live window while it has room.
        const counted = await t.updateIf({
          Key: attemptsKey(key),
          UpdateExpression: "SET attempts = attempts + :one",
          ConditionExpression: "windowEndsAt > :now AND attempts < :max",
          ExpressionAttributeValues: { ":one": 1, ":now": now, ":max": max },
        });
        if (counted !== null) return true;
        // No live window: open one with this attempt. A live, full window refuses.
        const opened = await t.putIf({
          Item: {
            ...attemptsKey(key),
            attempts: 1,
            windowEndsAt: now + windowMs,
            ttl: ttlFor(now + windowMs),
          },
          ConditionExpression: "attribute_not_exists(pk) OR windowEndsAt <= :now",
          ExpressionAttributeValues: { ":now": now },
        });
        if (opened) return max > 0;
        // Both conditions failed: either the window is full, or another request opened a new
        // window between our two writes. The next round tells which.
        const item = await t.get(attemptsKey(key), true);
        const full =
          item !== undefined &&
          (item.windowEndsAt as number) > now &&
          (item.attempts as number) >= max;
        if (full) return false;
      }
      return false;
    },

    async release(key, now) {
      // A failed condition: the window is over or empty, and there is nothing to hand back.
      await t.updateIf({
        Key: attemptsKey(key),
        UpdateExpression: "SET attempts = attempts - :one",
        ConditionExpression: "windowEndsAt > :now AND attempts > :zero",
        ExpressionAttributeValues: { ":one": 1, ":now": now, ":zero": 0 },
      });
    },

    async clear(key) {
      await t.delete({ Key: attemptsKey(key) });
    },

    async peek(key, now) {
      // Eventually consistent: half the read cost, and a ceiling that learns of an attempt a
      // moment late lets through at most what the fleet runs in that moment.
      const item = await t.get(attemptsKey(key));
      if (item === undefined || (item.windowEndsAt as number) <= now) return 0;
      return item.attempts as number;
    },
  };
}
