import type { Email, SessionId, UserId } from "../ids.js";
import type { LinkPurpose, LinkTokenStore } from "../ports.js";
import { linkTokenKey, ttlFor } from "./keys.js";
import type { Table } from "./table.js";

/**
 * Link tokens in DynamoDB, one item per token hash. Spending one is one conditional write that
 * stamps `spentAt`: of two requests with one token, exactly one passes the condition. The item
 * stays until its TTL (AWS) and is refused by the condition meanwhile; dynalite ignores TTL, so
 * expiry is part of the condition, never left to the table.
 */
export function dynamoLinkTokens(t: Table): LinkTokenStore {
  return {
    async put(record) {
      await t.put({
        Item: { ...linkTokenKey(record.hash), ...record, ttl: ttlFor(record.expiresAt) },
        ConditionExpression: "attribute_not_exists(pk)",
      });
    },

    async take(hash, purpose, now) {
      const item = await t.updateIf({
        Key: linkTokenKey(hash),
        UpdateExpression: "SET spentAt = :now",
        ConditionExpression:
          "attribute_exists(pk) AND attribute_not_exists(spentAt) AND #purpose = :purpose AND expiresAt > :now",
        ExpressionAttributeNames: { "#purpose": "purpose" },
        ExpressionAttributeValues: { ":now": now, ":purpose": purpose },
        ReturnValues: "ALL_NEW",
      });
      if (item === null) return null;
      return {
        hash,
        purpose: item.purpose as LinkPurpose,
        userId: item.userId as UserId,
        email: item.email as Email,
        credentialVersion: item.credentialVersion as number,
        expiresAt: item.expiresAt as number,
        ...(item.sessionId === undefined ? {} : { sessionId: item.sessionId as SessionId }),
      };
    },
  };
}
