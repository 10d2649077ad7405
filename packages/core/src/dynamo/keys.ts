import type { Email, SessionId, UserId } from "../ids.js";

// The only place that knows how items are keyed. Everything of one user lives in the user's
// partition; what the per-request check needs lives on one item of it, the profile.

/** A user's profile: everything the per-request check reads, and nothing secret. */
export const userKey = (id: UserId) => ({ pk: `USER#${id}`, sk: "PROFILE" });
/** A user's password hash, on its own item so that no read of the profile carries it. */
export const passwordKey = (id: UserId) => ({ pk: `USER#${id}`, sk: "PASSWORD" });
/** The uniqueness claim on an email, pointing at its user. */
export const emailKey = (email: Email) => ({ pk: `EMAIL#${email}`, sk: "EMAIL" });
/** A session of a user. */
export const sessionKey = (userId: UserId, id: SessionId) => ({
  pk: `USER#${userId}`,
  sk: `SESSION#${id}`,
});
/** The prefix of every session's sort key. */
export const SESSION_PREFIX = "SESSION#";
/** A rotated (spent) refresh token hash, kept to recognise reuse. */
export const spentKey = (userId: UserId, hash: string) => ({
  pk: `USER#${userId}`,
  sk: `SPENT#${hash}`,
});
/** The registry of who holds ADMIN (see admin-registry.ts). */
export const ADMINS_KEY = { pk: "ADMINS", sk: "ADMINS" } as const;
/** The failed-login counter of one email hash. */
export const attemptsKey = (key: string) => ({ pk: `LOGIN#${key}`, sk: "LOGIN" });
/** The partition of the users index. */
export const USERS_INDEX_PARTITION = "USERS";
/** Users sort by creation time, then id, in the users index. */
export const usersIndexSortKey = (createdAt: number, id: UserId) =>
  `${new Date(createdAt).toISOString()}#${id}`;

/** DynamoDB TTL wants epoch seconds; items outlive their logical end by a little, never less. */
export const ttlFor = (expiresAtMs: number) => Math.ceil(expiresAtMs / 1000) + 60;
