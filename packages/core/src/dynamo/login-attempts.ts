import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type { LoginAttempts } from "../ports.js";
import { storeCall } from "./errors.js";
import { attemptsKey, ttlFor } from "./keys.js";

/** Tries before giving up on a window that other requests keep renewing at the same moment. */
const MAX_RACES = 3;

/** Fixed-window attempt counters, each step one conditional single-item write. */
export function dynamoLoginAttempts(db: DynamoDBDocumentClient, tableName: string): LoginAttempts {
  return {
    async reserve(key, { now, max, windowMs }) {
      for (let race = 0; race < MAX_RACES; race++) {
        // Count in the live window while it has room.
        const counted = await storeCall(
          async () => {
            await db.send(
              new UpdateCommand({
                TableName: tableName,
                Key: attemptsKey(key),
                UpdateExpression: "SET attempts = attempts + :one",
                ConditionExpression: "windowEndsAt > :now AND attempts < :max",
                ExpressionAttributeValues: { ":one": 1, ":now": now, ":max": max },
              }),
            );
            return true;
          },
          () => false,
        );
        if (counted) return true;
        // No live window: open one with this attempt. A live, full window refuses.
        const opened = await storeCall(
          async () => {
            await db.send(
              new PutCommand({
                TableName: tableName,
                Item: {
                  ...attemptsKey(key),
                  attempts: 1,
                  windowEndsAt: now + windowMs,
                  ttl: ttlFor(now + windowMs),
                },
                ConditionExpression: "attribute_not_exists(pk) OR windowEndsAt <= :now",
                ExpressionAttributeValues: { ":now": now },
              }),
            );
            return true;
          },
          () => false,
        );
        if (opened) return max > 0;
        // Both conditions failed: either the window is full, or another request opened a new
        // window between our two writes. The next round tells which.
        const { Item } = await storeCall(() =>
          db.send(
            new GetCommand({ TableName: tableName, Key: attemptsKey(key), ConsistentRead: true }),
          ),
        );
        const full =
          Item !== undefined &&
          (Item.windowEndsAt as number) > now &&
          (Item.attempts as number) >= max;
        if (full) return false;
      }
      return false;
    },

    async release(key, now) {
      await storeCall(
        () =>
          db.send(
            new UpdateCommand({
              TableName: tableName,
              Key: attemptsKey(key),
              UpdateExpression: "SET attempts = attempts - :one",
              ConditionExpression: "windowEndsAt > :now AND attempts > :zero",
              ExpressionAttributeValues: { ":one": 1, ":now": now, ":zero": 0 },
            }),
          ),
        () => undefined,
      );
    },

    async peek(key, now) {
      // Eventually consistent: half the read cost, and a ceiling that learns of an attempt a
      // moment late lets through at most what the fleet runs in that moment.
      const { Item } = await storeCall(() =>
        db.send(new GetCommand({ TableName: tableName, Key: attemptsKey(key) })),
      );
      if (Item === undefined || (Item.windowEndsAt as number) <= now) return 0;
      return Item.attempts as number;
    },
  };
}
