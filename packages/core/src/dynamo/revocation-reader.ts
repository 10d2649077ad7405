import { BatchGetCommand, type DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { storeUnavailable } from "../errors.js";
import type { Email, UserId } from "../ids.js";
import type { RevocationReader, RevocationState } from "../ports.js";
import type { Role } from "../roles.js";
import { storeCall } from "./errors.js";
import { jtiKey, sessionKey, userKey } from "./keys.js";

/** Retries for keys DynamoDB leaves unprocessed under throttling, before failing closed. */
const MAX_UNPROCESSED_RETRIES = 3;

// Everything but the password hash of the user item; the session's times; the jti entry's
// expiry. `roles` is a reserved word in DynamoDB expressions.
const PROJECTION =
  "sk, id, email, #roles, createdAt, accessNotBefore, sessionsNotBefore, expiresAt, revokedAt";

/**
 * The per-request revocation check: the user's profile and cutoffs, the session and the `jti`
 * denylist entry, fetched together in one strongly consistent BatchGetItem with a projection.
 * The profile comes along so that `me` needs no second read.
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
                  ProjectionExpression: PROJECTION,
                  ExpressionAttributeNames: { "#roles": "roles" },
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
              id: userItem.id as UserId,
              email: userItem.email as Email,
              roles: userItem.roles as Role[],
              createdAt: userItem.createdAt as number,
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
