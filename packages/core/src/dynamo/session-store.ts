import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type { SessionId, UserId } from "../ids.js";
import type { SessionRecord, SessionStore } from "../ports.js";
import { storeCall } from "./errors.js";
import { SESSION_PREFIX, sessionKey, spentKey, ttlFor } from "./keys.js";
import { addRevocationEntry, REVOCATION_SETS } from "./revocation-entries.js";

function toRecord(item: Record<string, unknown>): SessionRecord {
  return {
    userId: item.userId as UserId,
    id: item.id as SessionId,
    createdAt: item.createdAt as number,
    lastUsedAt: item.lastUsedAt as number,
    expiresAt: item.expiresAt as number,
    refreshTokenHash: item.refreshTokenHash as string,
    revokedAt: typeof item.revokedAt === "number" ? item.revokedAt : null,
  };
}

/**
 * Sessions in their user's partition; spent refresh hashes beside them until the session ends.
 * An ended session is also entered on the user's profile item (see revocation-entries.ts).
 */
export function dynamoSessionStore(
  db: DynamoDBDocumentClient,
  tableName: string,
  maxEndedSessions: number = REVOCATION_SETS.session.maxLive,
): SessionStore {
  return {
    async create(session) {
      const { revokedAt: _, ...fields } = session;
      await storeCall(() =>
        db.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              ...sessionKey(session.userId, session.id),
              ...fields,
              ttl: ttlFor(session.expiresAt),
            },
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        ),
      );
    },

    async get(userId, id) {
      const { Item } = await storeCall(() =>
        db.send(
          new GetCommand({
            TableName: tableName,
            Key: sessionKey(userId, id),
            ConsistentRead: true,
          }),
        ),
      );
      return Item ? toRecord(Item) : null;
    },

    async list(userId) {
      const sessions: SessionRecord[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await storeCall(() =>
          db.send(
            new QueryCommand({
              TableName: tableName,
              KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
              ExpressionAttributeValues: { ":pk": `USER#${userId}`, ":prefix": SESSION_PREFIX },
              ConsistentRead: true,
              ...(start === undefined ? {} : { ExclusiveStartKey: start }),
            }),
          ),
        );
        sessions.push(...(page.Items ?? []).map(toRecord));
        start = page.LastEvaluatedKey;
      } while (start !== undefined);
      return sessions;
    },

    async rotate(userId, id, { from, to, now }) {
      return storeCall(
        async () => {
          await db.send(
            new UpdateCommand({
              TableName: tableName,
              Key: sessionKey(userId, id),
              UpdateExpression: "SET refreshTokenHash = :to, lastUsedAt = :now",
              ConditionExpression:
                "refreshTokenHash = :from AND attribute_not_exists(revokedAt) AND expiresAt > :now",
              ExpressionAttributeValues: { ":from": from, ":to": to, ":now": now },
            }),
          );
          return true;
        },
        () => false,
      );
    },

    async recordSpent(userId, hash, { sessionId, expiresAt }) {
      await storeCall(() =>
        db.send(
          new PutCommand({
            TableName: tableName,
            Item: { ...spentKey(userId, hash), sessionId, expiresAt, ttl: ttlFor(expiresAt) },
          }),
        ),
      );
    },

    async findSpent(userId, hash, now) {
      const { Item } = await storeCall(() =>
        db.send(
          new GetCommand({
            TableName: tableName,
            Key: spentKey(userId, hash),
            ConsistentRead: true,
          }),
        ),
      );
      // TTL deletion is lazy (and absent in local engines): expiry is decided here.
      if (Item === undefined || (Item.expiresAt as number) <= now) return null;
      return Item.sessionId as SessionId;
    },

    async revoke(userId, id, { now, tokensUntil }) {
      const session = await storeCall(
        async () => {
          const { Attributes } = await db.send(
            new UpdateCommand({
              TableName: tableName,
              Key: sessionKey(userId, id),
              UpdateExpression: "SET revokedAt = if_not_exists(revokedAt, :now)",
              ConditionExpression: "attribute_exists(pk)",
              ExpressionAttributeValues: { ":now": now },
              ReturnValues: "ALL_NEW",
            }),
          );
          return Attributes;
        },
        () => undefined,
      );
      if (session === undefined) return;
      // The refresh token is stopped above; the access tokens by an entry on the user's item.
      // Written on every call, so a call repeated after a failure here completes the ending.
      const entry = { id, issued: session.createdAt as number, until: tokensUntil };
      await addRevocationEntry(db, tableName, userId, "session", entry, now, maxEndedSessions);
    },
  };
}
