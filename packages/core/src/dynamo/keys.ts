import { type Email, parseUserId, type SessionId, type UserId } from "../ids.js";
import { TABLE_SCHEMA } from "./schema.js";

// The only place that knows how items are keyed. Everything of one user lives in the user's
// partition; what the per-request check needs lives on one item of it, the profile.

/** The partition of everything one user owns. */
export const userPartition = (id: UserId) => `USER#${id}`;
/** A user's profile: everything the per-request check reads, and nothing secret. */
export const userKey = (id: UserId) => ({ pk: userPartition(id), sk: "PROFILE" });
/** A user's password hash, on its own item so that no read of the profile carries it. */
export const passwordKey = (id: UserId) => ({ pk: userPartition(id), sk: "PASSWORD" });
/** A TOTP enrolment waiting for its first code. */
export const pendingTotpKey = (id: UserId) => ({ pk: userPartition(id), sk: "TOTP#PENDING" });
/** A user's active TOTP authenticator (sealed secret, last accepted step). */
export const totpKey = (id: UserId) => ({ pk: userPartition(id), sk: "TOTP" });
/** A user's recovery codes, as a set of hashes with their count. */
export const recoveryCodesKey = (id: UserId) => ({ pk: userPartition(id), sk: "RECOVERY" });
/** The uniqueness claim on an email, pointing at its user. */
export const emailKey = (email: Email) => ({ pk: `EMAIL#${email}`, sk: "EMAIL" });
/** The prefix of every session's sort key. */
export const SESSION_PREFIX = "SESSION#";
/** A session of a user. */
export const sessionKey = (userId: UserId, id: SessionId) => ({
  pk: userPartition(userId),
  sk: `${SESSION_PREFIX}${id}`,
});
/** A rotated (spent) refresh token hash, kept to recognise reuse. */
export const spentKey = (userId: UserId, hash: string) => ({
  pk: userPartition(userId),
  sk: `SPENT#${hash}`,
});
/** The prefix of every passkey's sort key in its user's partition. */
export const PASSKEY_PREFIX = "PASSKEY#";
/** A passkey of a user, by credential id. */
export const passkeyKey = (userId: UserId, id: string) => ({
  pk: userPartition(userId),
  sk: `${PASSKEY_PREFIX}${id}`,
});
/** The claim on a credential id, pointing at its user (discoverable login starts from it). */
export const credentialKey = (id: string) => ({ pk: `CREDENTIAL#${id}`, sk: "CREDENTIAL" });
/** A WebAuthn ceremony's challenge, waiting to be used once. */
export const challengeKey = (challenge: string) => ({
  pk: `CHALLENGE#${challenge}`,
  sk: "CHALLENGE",
});
/** The registry of who holds ADMIN (see admin-registry.ts). */
export const ADMINS_KEY = { pk: "ADMINS", sk: "ADMINS" } as const;
/** The failed-login counter of one email hash. */
export const attemptsKey = (key: string) => ({ pk: `LOGIN#${key}`, sk: "LOGIN" });
/** A mailed link's token record, by the token's hash (a partition of its own: no user's). */
export const linkTokenKey = (hash: string) => ({ pk: `LINK#${hash}`, sk: "LINK" });
/** An item that is never written: reading it tells whether the table answers. */
export const HEALTH_KEY = { pk: "HEALTH", sk: "HEALTH" } as const;

/** The partition of the users index. */
export const USERS_INDEX_PARTITION = "USERS";
/** Users sort by creation time, then id, in the users index. */
export const usersIndexSortKey = (createdAt: number, id: UserId) =>
  `${new Date(createdAt).toISOString()}#${id}`;
/** The user a users-index sort key names, or null when it names none. */
export const userOfSortKey = (sortKey: string) => parseUserId(sortKey.split("#")[1] ?? "");
/** The users-index attributes of a profile item. */
export const usersIndexKey = (createdAt: number, id: UserId) => ({
  [TABLE_SCHEMA.usersIndex.partitionKey]: USERS_INDEX_PARTITION,
  [TABLE_SCHEMA.usersIndex.sortKey]: usersIndexSortKey(createdAt, id),
});
/** A query of the users index, oldest first, from `start` (exclusive) when given. */
export const usersIndexQuery = (start?: Record<string, unknown>) => ({
  IndexName: TABLE_SCHEMA.usersIndex.name,
  KeyConditionExpression: "#pk = :users",
  ExpressionAttributeNames: { "#pk": TABLE_SCHEMA.usersIndex.partitionKey },
  ExpressionAttributeValues: { ":users": USERS_INDEX_PARTITION },
  ...(start === undefined ? {} : { ExclusiveStartKey: start }),
});

/** DynamoDB TTL wants epoch seconds; items outlive their logical end by a little, never less. */
export const ttlFor = (expiresAtMs: number) => Math.ceil(expiresAtMs / 1000) + 60;
