import {
  type DeniedToken,
  type Email,
  emailTaken,
  invalidCursor,
  type LinkTokenRecord,
  type SessionId,
  type SessionRecord,
  type Stores,
  storeUnavailable,
  type UserId,
  type UserProfile,
  type UserRecord,
} from "@gatehouse/core";
import { memorySecondFactorStore } from "./memory-factors.js";
import { memoryPasskeyStores } from "./memory-passkeys.js";

function profileOf(user: UserRecord): UserProfile {
  const { passwordHash: _, ...profile } = user;
  return profile;
}

/**
 * Every store port in memory, with the same semantics as the DynamoDB adapter (the shared
 * contract suite holds both to it). For unit tests only: it never ships.
 */
export function memoryStores(): Stores & { readonly failNext: (count?: number) => void } {
  const users = new Map<UserId, UserRecord>();
  const emails = new Map<Email, UserId>();
  const sessions = new Map<string, SessionRecord>();
  const spent = new Map<string, { sessionId: SessionId; expiresAt: number }>();
  // Until when a revocation must be reported: by session, and by access token.
  const ended = new Map<string, number>();
  const denied = new Map<string, number>();
  const attempts = new Map<string, { attempts: number; windowEndsAt: number }>();
  const links = new Map<string, LinkTokenRecord & { spent: boolean }>();
  // Null until first used: then built from the users' roles, as the DynamoDB registry is.
  let admins: Set<UserId> | null = null;
  const registry = () => {
    admins ??= new Set(
      [...users.values()].filter((u) => u.roles.includes("ADMIN") && !u.disabled).map((u) => u.id),
    );
    return admins;
  };
  let failures = 0;

  // Every call goes through here so tests can make the store fail like an unreachable table.
  const op = async <T>(fn: () => T): Promise<T> => {
    await Promise.resolve();
    if (failures > 0) {
      failures--;
      throw storeUnavailable();
    }
    return fn();
  };
  const sessionKey = (userId: UserId, id: SessionId) => `${userId}/${id}`;
  const ordered = () =>
    [...users.values()].sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  const cursorOf = (user: UserRecord) =>
    Buffer.from(`${user.createdAt}#${user.id}`).toString("base64url");

  return {
    failNext(count = 1) {
      failures = count;
    },

    ...memoryPasskeyStores(op),

    users: {
      create: (user) =>
        op(() => {
          if (emails.has(user.email)) {
            throw emailTaken();
          }
          emails.set(user.email, user.id);
          users.set(user.id, { ...user, roles: [...user.roles] });
        }),
      get: (id) => op(() => users.get(id) ?? null),
      getByEmail: (email) =>
        op(() => {
          const id = emails.get(email);
          return id === undefined ? null : (users.get(id) ?? null);
        }),
      list: ({ first, after }) =>
        op(() => {
          const all = ordered();
          let start = 0;
          if (after !== null) {
            const index = all.findIndex((user) => cursorOf(user) === after);
            if (index === -1) throw invalidCursor();
            start = index + 1;
          }
          const edges = all
            .slice(start, start + first)
            .map((user) => ({ cursor: cursorOf(user), user: profileOf(user) }));
          return {
            edges,
            hasNextPage: start + first < all.length,
            endCursor: edges.at(-1)?.cursor ?? null,
          };
        }),
      update: (id, changes) =>
        op(() => {
          const user = users.get(id);
          if (user === undefined) return null;
          // Cutoffs never go down (see UserStore.update): a lower one is left as it is.
          const defined = Object.fromEntries(
            Object.entries(changes).filter(
              ([name, value]) =>
                value !== undefined &&
                !(
                  (name === "accessNotBefore" || name === "sessionsNotBefore") &&
                  user[name] > (value as number)
                ),
            ),
          );
          const updated = { ...user, ...defined } as UserRecord;
          users.set(id, updated);
          return updated;
        }),
      // One step in memory: nothing can fail between the hash and the generation.
      commitCredentialChange: (id, { from, passwordHash, keepSession, secondFactors }) =>
        op(() => {
          const user = users.get(id);
          if (user === undefined || user.credentialVersion !== from) return false;
          users.set(id, {
            ...user,
            ...(passwordHash === undefined ? {} : { passwordHash }),
            ...(secondFactors === undefined ? {} : { secondFactors: { ...secondFactors } }),
            credentialVersion: from + 1,
            keptSession: keepSession,
          });
          return true;
        }),
      // One step in memory: the address moves, or it is another user's and nothing changes.
      changeEmail: (id, { from, email, keepSession }) =>
        op(() => {
          const user = users.get(id);
          if (user === undefined || user.credentialVersion !== from) return false;
          const owner = emails.get(email);
          if (owner !== undefined && owner !== id) throw emailTaken();
          emails.delete(user.email);
          emails.set(email, id);
          users.set(id, {
            ...user,
            email,
            emailVerified: true,
            credentialVersion: from + 1,
            keptSession: keepSession,
          });
          return true;
        }),
      markEmailVerified: (id, email) =>
        op(() => {
          const user = users.get(id);
          if (user === undefined || user.email !== email) return false;
          users.set(id, { ...user, emailVerified: true });
          return true;
        }),
    },

    linkTokens: {
      put: (record) =>
        op(() => {
          if (links.has(record.hash)) throw storeUnavailable();
          links.set(record.hash, { ...record, spent: false });
        }),
      take: (hash, purpose, now) =>
        op(() => {
          const link = links.get(hash);
          if (
            link === undefined ||
            link.spent ||
            link.purpose !== purpose ||
            link.expiresAt <= now
          ) {
            return null;
          }
          link.spent = true;
          const { spent: _, ...record } = link;
          return record;
        }),
    },

    sessions: {
      create: (session) =>
        op(() => {
          sessions.set(sessionKey(session.userId, session.id), { ...session });
        }),
      get: (userId, id) => op(() => sessions.get(sessionKey(userId, id)) ?? null),
      listRecent: (userId, limit) =>
        op(() =>
          [...sessions.values()]
            .filter((s) => s.userId === userId)
            // Ids sort by start time (see newSessionId), as the DynamoDB adapter reads them.
            .sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0))
            .slice(0, limit),
        ),
      rotate: (userId, id, { from, to, now }) =>
        op(() => {
          const key = sessionKey(userId, id);
          const session = sessions.get(key);
          if (
            session === undefined ||
            session.refreshTokenHash !== from ||
            session.revokedAt !== null ||
            session.expiresAt <= now
          ) {
            return false;
          }
          sessions.set(key, { ...session, refreshTokenHash: to, lastUsedAt: now });
          return true;
        }),
      recordSpent: (userId, hash, entry) =>
        op(() => {
          spent.set(`${userId}/${hash}`, { ...entry });
        }),
      findSpent: (userId, hash, now) =>
        op(() => {
          const entry = spent.get(`${userId}/${hash}`);
          return entry === undefined || entry.expiresAt <= now ? null : entry.sessionId;
        }),
      revoke: (userId, id, { now, tokensFor }) =>
        op(() => {
          const key = sessionKey(userId, id);
          const session = sessions.get(key);
          if (session === undefined || session.revokedAt !== null) return;
          sessions.set(key, { ...session, revokedAt: now });
          ended.set(key, now + tokensFor);
        }),
    },

    denylist: {
      add: (userId: UserId, token: DeniedToken) =>
        op(() => {
          denied.set(`${userId}/${token.jti}`, token.until);
        }),
    },

    revocations: {
      read: ({ userId, sessionId, jti, now }) =>
        op(() => {
          const user = users.get(userId);
          if (user === undefined) return { user: null, sessionEnded: false, jtiDenied: false };
          const endedUntil = ended.get(sessionKey(userId, sessionId));
          const deniedUntil = denied.get(`${userId}/${jti}`);
          return {
            // As the DynamoDB projection reads it: never the password hash.
            user: profileOf(user),
            sessionEnded: endedUntil !== undefined && endedUntil > now,
            jtiDenied: deniedUntil !== undefined && deniedUntil > now,
          };
        }),
    },

    admins: {
      add: (id) =>
        op(() => {
          registry().add(id);
        }),
      remove: (id) =>
        op(() => {
          const registered = registry();
          if (!registered.has(id)) return registered.size > 0;
          if (registered.size <= 1) return false;
          registered.delete(id);
          return true;
        }),
    },

    factors: memorySecondFactorStore(op),

    loginAttempts: {
      reserve: (key, { now, max, windowMs }) =>
        op(() => {
          const entry = attempts.get(key);
          if (entry === undefined || entry.windowEndsAt <= now) {
            attempts.set(key, { attempts: 1, windowEndsAt: now + windowMs });
            return max > 0;
          }
          if (entry.attempts >= max) return false;
          entry.attempts++;
          return true;
        }),
      release: (key, now) =>
        op(() => {
          const entry = attempts.get(key);
          if (entry !== undefined && entry.windowEndsAt > now && entry.attempts > 0) {
            entry.attempts--;
          }
        }),
      clear: (key) =>
        op(() => {
          attempts.delete(key);
        }),
      peek: (key, now) =>
        op(() => {
          const entry = attempts.get(key);
          return entry !== undefined && entry.windowEndsAt > now ? entry.attempts : 0;
        }),
    },
  };
}
