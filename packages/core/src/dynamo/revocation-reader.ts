import { BatchGetCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { storeUnavailable } from "../errors.js";
import type { RevocationReader, RevocationState } from "../ports.js";
import { storeCall } from "./errors.js";
import { jtiKey, sessionKey, userKey } from "./keys.js";

/** Retries for keys DynamoDB leaves unprocessed under throttling, before failing closed. */
const MAX_UNPROCESSED_RETRIES = 3;

/**
 * The per-request revocation check: the user's cutoffs, the session and the `jti` denylist
 * entry, fetched together in one strongly consistent BatchGetItem with a projection.
 */
export function dynamoRevocationReader(
  db: DynamoDBDocumentClient,
  tableName: string,
): RevocationReader {
  return {
    async read({ userId, sessionId, jti, now }): Promise<RevocationState> {
      const user = userKey(userId);
      const session = sessionKey(userId, sessionId);
      const denied = jtiKey(userId, jti);
      let keys: Record<string, unknown>[] = [user, session, denied];
      const items: Record<string, unknown>[] = [];

      for (let attempt = 0; keys.length > 0; attempt++) {
        if (attempt > MAX_UNPROCESSED_RETRIES) throw storeUnavailable();
        if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt));
        const result = await storeCall(() =>
          db.send(
            new BatchGetCommand({
              RequestItems: {
                [tableName]: {
                  Keys: keys,
                  ConsistentRead: true,
                  ProjectionExpression:
                    "sk, accessNotBefore, sessionsNotBefore, createdAt, expiresAt, revokedAt",
                },
              },
            }),
          ),
        );
        items.push(...(result.Responses?.[tableName] ?? []));
        keys = result.UnprocessedKeys?.[tableName]?.Keys ?? [];
      }

      const find = (sk: string) => items.find((item) => item.sk === sk);
      const userItem = find(user.sk);
      const sessionItem = find(session.sk);
      const jtiItem = find(denied.sk);
      return {
        user: userItem
          ? {
              accessNotBefore: userItem.accessNotBefore as number,
              sessionsNotBefore: userItem.sessionsNotBefore as number,
            }
          : null,
        session: sessionItem
          ? {
              createdAt: sessionItem.createdAt as number,
              expiresAt: sessionItem.expiresAt as number,
              revokedAt: typeof sessionItem.revokedAt === "number" ? sessionItem.revokedAt : null,
            }
          : null,
        // TTL deletion is lazy: an entry counts only until its own expiry.
        jtiDenied: jtiItem !== undefined && (jtiItem.expiresAt as number) > now,
      };
    },
  };
}
