import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Denylist } from "../ports.js";
import { addRevocationEntry, REVOCATION_SETS } from "./revocation-entries.js";

/** Denied `jti`s, on their user's profile item, where the per-request read finds them. */
export function dynamoDenylist(
  db: DynamoDBDocumentClient,
  tableName: string,
  maxDeniedTokens: number = REVOCATION_SETS.token.maxLive,
): Denylist {
  return {
    async add(userId, token, now) {
      const entry = { id: token.jti, issued: token.issuedAt, until: token.until };
      await addRevocationEntry(db, tableName, userId, "token", entry, now, maxDeniedTokens);
    },
  };
}
