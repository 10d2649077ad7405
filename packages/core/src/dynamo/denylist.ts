import { type DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { Denylist } from "../ports.js";
import { storeCall } from "./errors.js";
import { jtiKey, ttlFor } from "./keys.js";

/** Denied `jti`s in their user's partition, with a TTL so DynamoDB cleans them up. */
export function dynamoDenylist(db: DynamoDBDocumentClient, tableName: string): Denylist {
  return {
    async add(userId, jti, expiresAt) {
      await storeCall(() =>
        db.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...jtiKey(userId, jti), expiresAt, ttl: ttlFor(expiresAt) },
          }),
        ),
      );
    },
  };
}
