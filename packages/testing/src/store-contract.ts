import { randomUUID } from "node:crypto";
import {
  type Email,
  ERROR_CODES,
  GatehouseError,
  type Jti,
  type SessionId,
  type SessionRecord,
  type Stores,
  type UserId,
  type UserRecord,
} from "@gatehouse/core";
import { beforeEach, describe, expect, it } from "vitest";

const T0 = Date.UTC(2026, 0, 1);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

let sequence = 0;

function newUser(overrides: Partial<UserRecord> = {}): UserRecord {
  sequence++;
  return {
    id: randomUUID() as UserId,
    email: `user-${sequence}-${randomUUID().slice(0, 8)}@example.com` as Email,
    passwordHash: `$argon2id$v=19$m=1024,t=1,p=1$c2FsdA$hash${sequence}`,
    roles: ["USER"],
    createdAt: T0,
    accessNotBefore: 0,
    sessionsNotBefore: 0,
    ...overrides,
  };
}

// 22 base64url characters, the shape of the ids the domain mints.
const newSessionId = () => randomUUID().replaceAll("-", "").slice(0, 22) as SessionId;
const newJti = () => randomUUID().replaceAll("-", "").slice(0, 22) as Jti;
const newHash = () => Buffer.from(randomUUID()).toString("base64url");

function newSession(userId: UserId, overrides: Partial<SessionRecord> = {}): SessionRecord {
  return {
    userId,
    id: newSessionId(),
    createdAt: T0,
    lastUsedAt: T0,
    expiresAt: T0 + HOUR,
    refreshTokenHash: newHash(),
    revokedAt: null,
    ...overrides,
  };
}

async function rejection(promise: Promise<unknown>): Promise<GatehouseError> {
  const error = await promise.then(
    () => {
      throw new Error("expected the call to fail");
    },
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(GatehouseError);
  return error as GatehouseError;
}

/**
 * The one contract every implementation of the store ports meets. Both the in-memory stores
 * and the DynamoDB adapter run it, so the fake the unit tests rely on cannot drift from the
 * store that ships. `makeStores` runs before every test and must return empty stores.
 */
export function describeStoreContract(
  name: string,
  makeStores: () => Promise<Stores> | Stores,
): void {
  describe(`${name} store contract`, () => {
    let stores: Stores;

    beforeEach(async () => {
      stores = await makeStores();
    });

    describe("users", () => {
      it("returns a created user by id and by email", async () => {
        const user = newUser({
          roles: ["USER", "ADMIN"],
          accessNotBefore: 7,
          sessionsNotBefore: 9,
        });
        await stores.users.create(user);

        expect(await stores.users.get(user.id)).toEqual(user);
        expect(await stores.users.getByEmail(user.email)).toEqual(user);
      });

      it("returns null for an unknown id or email", async () => {
        expect(await stores.users.get(randomUUID() as UserId)).toBeNull();
        expect(await stores.users.getByEmail("nobody@example.com" as Email)).toBeNull();
      });

      it("refuses a second user with the same email with EMAIL_TAKEN and keeps the first", async () => {
        const first = newUser();
        await stores.users.create(first);

        const error = await rejection(stores.users.create(newUser({ email: first.email })));
        expect(error.code).toBe(ERROR_CODES.EMAIL_TAKEN);
        expect(error.message).toBe("An account with this email already exists.");
        expect(await stores.users.getByEmail(first.email)).toEqual(first);
      });

      it("lets exactly one of several concurrent creates with one email succeed", async () => {
        const email = `race-${randomUUID()}@example.com` as Email;
        const contenders = Array.from({ length: 6 }, () => newUser({ email }));

        const results = await Promise.allSettled(contenders.map((u) => stores.users.create(u)));

        const winners = contenders.filter((_, i) => results[i]?.status === "fulfilled");
        expect(winners).toHaveLength(1);
        for (const result of results) {
          if (result.status === "rejected") {
            expect(result.reason).toBeInstanceOf(GatehouseError);
            expect((result.reason as GatehouseError).code).toBe(ERROR_CODES.EMAIL_TAKEN);
          }
        }
        expect((await stores.users.getByEmail(email))?.id).toBe(winners[0]?.id);
      });

      it("applies changes and returns the updated user", async () => {
        const user = newUser();
        await stores.users.create(user);

        const updated = await stores.users.update(user.id, {
          roles: ["USER", "ADMIN"],
          accessNotBefore: 1_767_225_601,
        });

        const expected = { ...user, roles: ["USER", "ADMIN"], accessNotBefore: 1_767_225_601 };
        expect(updated).toEqual(expected);
        expect(await stores.users.get(user.id)).toEqual(expected);
        expect(await stores.users.getByEmail(user.email)).toEqual(expected);
      });

      it("leaves fields that are not part of the change as they were", async () => {
        const user = newUser({ accessNotBefore: 5, sessionsNotBefore: 6 });
        await stores.users.create(user);

        const updated = await stores.users.update(user.id, { passwordHash: "new-hash" });

        expect(updated).toEqual({ ...user, passwordHash: "new-hash" });
      });

      it("returns null from update for an unknown id and creates nothing", async () => {
        const id = randomUUID() as UserId;

        expect(await stores.users.update(id, { roles: ["ADMIN"] })).toBeNull();
        expect(await stores.users.get(id)).toBeNull();
      });

      it("never lowers a cutoff, and still applies the other changes", async () => {
        const user = newUser({ accessNotBefore: 1_767_225_601, sessionsNotBefore: T0 + 500 });
        await stores.users.create(user);

        const updated = await stores.users.update(user.id, {
          roles: ["USER", "ADMIN"],
          accessNotBefore: 1_767_225_600,
          sessionsNotBefore: T0 + 499,
        });

        const expected = { ...user, roles: ["USER", "ADMIN"] };
        expect(updated).toEqual(expected);
        expect(await stores.users.get(user.id)).toEqual(expected);
      });

      it("raises one cutoff while refusing to lower the other in the same update", async () => {
        const user = newUser({ accessNotBefore: 1_767_225_601, sessionsNotBefore: T0 });
        await stores.users.create(user);

        const updated = await stores.users.update(user.id, {
          passwordHash: "new-hash",
          accessNotBefore: 1_767_225_600,
          sessionsNotBefore: T0 + 1,
        });

        const expected = { ...user, passwordHash: "new-hash", sessionsNotBefore: T0 + 1 };
        expect(updated).toEqual(expected);
        expect(await stores.users.get(user.id)).toEqual(expected);
      });

      it("returns the user unchanged when the only change is a lower or equal cutoff", async () => {
        const user = newUser({ accessNotBefore: 10, sessionsNotBefore: T0 });
        await stores.users.create(user);

        expect(await stores.users.update(user.id, { accessNotBefore: 9 })).toEqual(user);
        expect(await stores.users.update(user.id, { sessionsNotBefore: T0 })).toEqual(user);
        expect(await stores.users.get(user.id)).toEqual(user);
      });

      it("keeps the highest cutoffs whatever order concurrent updates land in", async () => {
        const user = newUser();
        await stores.users.create(user);
        // The highest of each cutoff comes from a different update.
        const steps = [
          [3, 4],
          [7, 1],
          [1, 8],
          [6, 2],
          [2, 6],
          [5, 5],
        ] as const;

        await Promise.all(
          steps.map(([access, sessions]) =>
            stores.users.update(user.id, {
              accessNotBefore: 1_767_225_600 + access,
              sessionsNotBefore: T0 + sessions,
            }),
          ),
        );

        expect(await stores.users.get(user.id)).toEqual({
          ...user,
          accessNotBefore: 1_767_225_607,
          sessionsNotBefore: T0 + 8,
        });
      });

      it("returns null from a cutoff update for an unknown id and creates nothing", async () => {
        const id = randomUUID() as UserId;

        expect(
          await stores.users.update(id, { accessNotBefore: 1, sessionsNotBefore: 1 }),
        ).toBeNull();
        expect(await stores.users.get(id)).toBeNull();
      });

      it("pages through every user exactly once, oldest first", async () => {
        // Two users share a creation time: order between them may be either, but stable.
        const created = [3, 0, 4, 1, 1, 2, 5].map((minute) =>
          newUser({ createdAt: T0 + minute * MINUTE }),
        );
        for (const user of created) await stores.users.create(user);

        const seen: UserRecord[] = [];
        let after: string | null = null;
        for (let page = 0; page < 10; page++) {
          const result = await stores.users.list({ first: 3, after });
          seen.push(...result.edges.map((edge) => edge.user));
          expect(result.endCursor).toBe(result.edges.at(-1)?.cursor ?? null);
          if (!result.hasNextPage) break;
          expect(result.edges).toHaveLength(3);
          after = result.endCursor;
        }

        expect(seen.map((u) => u.id).sort()).toEqual(created.map((u) => u.id).sort());
        expect(new Set(seen.map((u) => u.id)).size).toBe(created.length);
        const times = seen.map((u) => u.createdAt);
        expect(times).toEqual([...times].sort((a, b) => a - b));
        expect(seen).toEqual(expect.arrayContaining(created));
      });

      it("gives each edge a cursor that continues right after that user", async () => {
        const created = [0, 1, 2, 3].map((minute) => newUser({ createdAt: T0 + minute * MINUTE }));
        for (const user of created) await stores.users.create(user);

        const all = await stores.users.list({ first: 10, after: null });
        const second = all.edges[1];
        expect(second).toBeDefined();
        const rest = await stores.users.list({ first: 10, after: second?.cursor ?? null });

        expect(rest.edges.map((edge) => edge.user.id)).toEqual(created.slice(2).map((u) => u.id));
        expect(rest.hasNextPage).toBe(false);
      });

      it("reports no next page when the last page is exactly full", async () => {
        for (const minute of [0, 1]) await stores.users.create(newUser({ createdAt: T0 + minute }));

        const page = await stores.users.list({ first: 2, after: null });

        expect(page.edges).toHaveLength(2);
        expect(page.hasNextPage).toBe(false);
      });

      it("lists nothing, with no cursor, when there are no users", async () => {
        expect(await stores.users.list({ first: 5, after: null })).toEqual({
          edges: [],
          hasNextPage: false,
          endCursor: null,
        });
      });

      it.each([
        ["noise", "not-a-cursor"],
        ["an empty string", ""],
        ["a cursor without an id", Buffer.from("2026-01-01T00:00:00.000Z").toString("base64url")],
        ["a cursor with a malformed id", Buffer.from("2026#USER#1").toString("base64url")],
        ["a forged cursor", Buffer.from(`garbage#${randomUUID()}`).toString("base64url")],
        [
          "a well-formed cursor that names no user",
          Buffer.from(`2026-01-01T00:00:00.000Z#${randomUUID()}`).toString("base64url"),
        ],
      ])("refuses %s as a cursor with INVALID_ARGUMENT", async (_, cursor) => {
        await stores.users.create(newUser());

        const error = await rejection(stores.users.list({ first: 5, after: cursor }));

        expect(error.code).toBe(ERROR_CODES.INVALID_ARGUMENT);
        expect(error.message).toBe('"after" is not a cursor from this list.');
      });
    });

    describe("sessions", () => {
      const userId = () => randomUUID() as UserId;

      it("returns a created session, and null for an unknown one", async () => {
        const session = newSession(userId());
        await stores.sessions.create(session);

        expect(await stores.sessions.get(session.userId, session.id)).toEqual(session);
        expect(await stores.sessions.get(session.userId, newSessionId())).toBeNull();
        expect(await stores.sessions.get(userId(), session.id)).toBeNull();
      });

      it("lists every session of one user, in any state, and no one else's", async () => {
        const owner = userId();
        const live = newSession(owner);
        const ended = newSession(owner, { createdAt: T0 + 1 });
        const expired = newSession(owner, { expiresAt: T0 + 2 });
        const others = newSession(userId());
        for (const session of [live, ended, expired, others]) {
          await stores.sessions.create(session);
        }
        await stores.sessions.revoke(owner, ended.id, T0 + 5);

        const listed = await stores.sessions.list(owner);

        const byId = (a: SessionRecord, b: SessionRecord) => a.id.localeCompare(b.id);
        expect([...listed].sort(byId)).toEqual(
          [live, { ...ended, revokedAt: T0 + 5 }, expired].sort(byId),
        );
        expect(await stores.sessions.list(userId())).toEqual([]);
      });

      it("rotates once from the current hash and records the new hash and use time", async () => {
        const session = newSession(userId());
        await stores.sessions.create(session);
        const next = newHash();

        const rotated = await stores.sessions.rotate(session.userId, session.id, {
          from: session.refreshTokenHash,
          to: next,
          now: T0 + MINUTE,
        });

        expect(rotated).toBe(true);
        expect(await stores.sessions.get(session.userId, session.id)).toEqual({
          ...session,
          refreshTokenHash: next,
          lastUsedAt: T0 + MINUTE,
        });
      });

      it("refuses to rotate from a stale hash and changes nothing", async () => {
        const session = newSession(userId());
        await stores.sessions.create(session);
        const next = newHash();
        await stores.sessions.rotate(session.userId, session.id, {
          from: session.refreshTokenHash,
          to: next,
          now: T0 + 1,
        });

        const again = await stores.sessions.rotate(session.userId, session.id, {
          from: session.refreshTokenHash,
          to: newHash(),
          now: T0 + 2,
        });

        expect(again).toBe(false);
        const stored = await stores.sessions.get(session.userId, session.id);
        expect(stored?.refreshTokenHash).toBe(next);
        expect(stored?.lastUsedAt).toBe(T0 + 1);
      });

      it("refuses to rotate a revoked session", async () => {
        const session = newSession(userId());
        await stores.sessions.create(session);
        await stores.sessions.revoke(session.userId, session.id, T0 + 1);

        const rotated = await stores.sessions.rotate(session.userId, session.id, {
          from: session.refreshTokenHash,
          to: newHash(),
          now: T0 + 2,
        });

        expect(rotated).toBe(false);
        const stored = await stores.sessions.get(session.userId, session.id);
        expect(stored?.refreshTokenHash).toBe(session.refreshTokenHash);
      });

      it("refuses to rotate a session at or after its expiry", async () => {
        const session = newSession(userId());
        await stores.sessions.create(session);

        for (const now of [session.expiresAt, session.expiresAt + MINUTE]) {
          const rotated = await stores.sessions.rotate(session.userId, session.id, {
            from: session.refreshTokenHash,
            to: newHash(),
            now,
          });
          expect(rotated).toBe(false);
        }
        const stored = await stores.sessions.get(session.userId, session.id);
        expect(stored?.refreshTokenHash).toBe(session.refreshTokenHash);
      });

      it("refuses to rotate a session that does not exist, and creates none", async () => {
        const owner = userId();
        const id = newSessionId();

        const rotated = await stores.sessions.rotate(owner, id, {
          from: newHash(),
          to: newHash(),
          now: T0,
        });

        expect(rotated).toBe(false);
        expect(await stores.sessions.get(owner, id)).toBeNull();
      });

      it("lets exactly one of several concurrent rotations from one hash succeed", async () => {
        const session = newSession(userId());
        await stores.sessions.create(session);
        const targets = Array.from({ length: 6 }, () => newHash());

        const results = await Promise.all(
          targets.map((to) =>
            stores.sessions.rotate(session.userId, session.id, {
              from: session.refreshTokenHash,
              to,
              now: T0 + 1,
            }),
          ),
        );

        expect(results.filter(Boolean)).toHaveLength(1);
        const winner = targets[results.indexOf(true)];
        const stored = await stores.sessions.get(session.userId, session.id);
        expect(stored?.refreshTokenHash).toBe(winner);
      });

      it("remembers a spent hash for its session until it expires", async () => {
        const owner = userId();
        const sessionId = newSessionId();
        const hash = newHash();
        await stores.sessions.recordSpent(owner, hash, { sessionId, expiresAt: T0 + HOUR });

        expect(await stores.sessions.findSpent(owner, hash, T0)).toBe(sessionId);
        expect(await stores.sessions.findSpent(owner, hash, T0 + HOUR - 1)).toBe(sessionId);
        // Expiry is decided by the store's code: TTL deletion is lazy or absent.
        expect(await stores.sessions.findSpent(owner, hash, T0 + HOUR)).toBeNull();
        expect(await stores.sessions.findSpent(owner, hash, T0 + 2 * HOUR)).toBeNull();
      });

      it("finds no spent hash that was never recorded, or that belongs to another user", async () => {
        const owner = userId();
        const hash = newHash();
        await stores.sessions.recordSpent(owner, hash, {
          sessionId: newSessionId(),
          expiresAt: T0 + HOUR,
        });

        expect(await stores.sessions.findSpent(owner, newHash(), T0)).toBeNull();
        expect(await stores.sessions.findSpent(userId(), hash, T0)).toBeNull();
      });

      it("revokes idempotently, keeping the first revocation time", async () => {
        const session = newSession(userId());
        await stores.sessions.create(session);

        await stores.sessions.revoke(session.userId, session.id, T0 + 10);
        await stores.sessions.revoke(session.userId, session.id, T0 + 20);

        expect(await stores.sessions.get(session.userId, session.id)).toEqual({
          ...session,
          revokedAt: T0 + 10,
        });
      });

      it("revokes an unknown session without failing and without creating it", async () => {
        const owner = userId();
        const id = newSessionId();

        await stores.sessions.revoke(owner, id, T0);

        expect(await stores.sessions.get(owner, id)).toBeNull();
      });
    });

    describe("denylist and revocation reads", () => {
      it("reads nothing for a user, session and jti it does not know", async () => {
        const state = await stores.revocations.read({
          userId: randomUUID() as UserId,
          sessionId: newSessionId(),
          jti: newJti(),
          now: T0,
        });

        expect(state).toEqual({ user: null, session: null, jtiDenied: false });
      });

      it("reads the user's cutoffs and the session's times in one read", async () => {
        const user = newUser({ accessNotBefore: 1_767_225_600, sessionsNotBefore: T0 - 5 });
        await stores.users.create(user);
        const session = newSession(user.id, { createdAt: T0, expiresAt: T0 + HOUR });
        await stores.sessions.create(session);

        const state = await stores.revocations.read({
          userId: user.id,
          sessionId: session.id,
          jti: newJti(),
          now: T0,
        });

        expect(state.jtiDenied).toBe(false);
        expect(pick(state.user, ["accessNotBefore", "sessionsNotBefore"])).toEqual({
          accessNotBefore: 1_767_225_600,
          sessionsNotBefore: T0 - 5,
        });
        expect(pick(state.session, ["createdAt", "expiresAt", "revokedAt"])).toEqual({
          createdAt: T0,
          expiresAt: T0 + HOUR,
          revokedAt: null,
        });
      });

      it("reads the user's profile in the same read, never its password hash", async () => {
        const user = newUser({ roles: ["USER", "ADMIN"] });
        await stores.users.create(user);

        const state = await stores.revocations.read({
          userId: user.id,
          sessionId: newSessionId(),
          jti: newJti(),
          now: T0,
        });

        const { passwordHash: _, ...profile } = user;
        expect(state.user).toEqual(profile);
      });

      it("reads the changes made since: new cutoffs and a revoked session", async () => {
        const user = newUser();
        await stores.users.create(user);
        const session = newSession(user.id);
        await stores.sessions.create(session);
        await stores.users.update(user.id, { accessNotBefore: 42, sessionsNotBefore: T0 + 7 });
        await stores.sessions.revoke(user.id, session.id, T0 + 3);

        const state = await stores.revocations.read({
          userId: user.id,
          sessionId: session.id,
          jti: newJti(),
          now: T0 + 10,
        });

        expect(pick(state.user, ["accessNotBefore", "sessionsNotBefore"])).toEqual({
          accessNotBefore: 42,
          sessionsNotBefore: T0 + 7,
        });
        expect(state.session?.revokedAt).toBe(T0 + 3);
      });

      it("reads another session of the same user as absent", async () => {
        const user = newUser();
        await stores.users.create(user);
        await stores.sessions.create(newSession(user.id));

        const state = await stores.revocations.read({
          userId: user.id,
          sessionId: newSessionId(),
          jti: newJti(),
          now: T0,
        });

        expect(state.user).not.toBeNull();
        expect(state.session).toBeNull();
      });

      it("reports a denied jti until its expiry, and not after, whatever the TTL does", async () => {
        const user = newUser();
        await stores.users.create(user);
        const session = newSession(user.id);
        await stores.sessions.create(session);
        const jti = newJti();
        await stores.denylist.add(user.id, jti, T0 + MINUTE);

        const at = (now: number, id: Jti = jti) =>
          stores.revocations.read({ userId: user.id, sessionId: session.id, jti: id, now });

        expect((await at(T0)).jtiDenied).toBe(true);
        expect((await at(T0 + MINUTE - 1)).jtiDenied).toBe(true);
        expect((await at(T0 + MINUTE)).jtiDenied).toBe(false);
        expect((await at(T0 + HOUR)).jtiDenied).toBe(false);
        expect((await at(T0, newJti())).jtiDenied).toBe(false);
      });

      it("denies a jti only for the user it was denied for", async () => {
        const jti = newJti();
        const owner = randomUUID() as UserId;
        await stores.denylist.add(owner, jti, T0 + MINUTE);

        const state = await stores.revocations.read({
          userId: randomUUID() as UserId,
          sessionId: newSessionId(),
          jti,
          now: T0,
        });

        expect(state.jtiDenied).toBe(false);
      });
    });

    describe("login attempts", () => {
      const window = { now: T0, max: 3, windowMs: 15 * MINUTE };
      const key = () => `attempts-${randomUUID()}`;

      it("counts attempts up to the limit, then refuses within the window", async () => {
        const k = key();
        const results: boolean[] = [];
        for (let i = 0; i < 5; i++) {
          results.push(await stores.loginAttempts.reserve(k, { ...window, now: T0 + i * MINUTE }));
        }

        expect(results).toEqual([true, true, true, false, false]);
      });

      it("keeps separate counts per key", async () => {
        const [a, b] = [key(), key()];
        for (let i = 0; i < 3; i++) await stores.loginAttempts.reserve(a, window);

        expect(await stores.loginAttempts.reserve(a, window)).toBe(false);
        expect(await stores.loginAttempts.reserve(b, window)).toBe(true);
      });

      it("never lets concurrent attempts exceed the limit", async () => {
        const k = key();

        const concurrent = await Promise.all(
          Array.from({ length: 12 }, () => stores.loginAttempts.reserve(k, window)),
        );

        const granted = concurrent.filter(Boolean).length;
        expect(granted).toBeGreaterThanOrEqual(1);
        expect(granted).toBeLessThanOrEqual(window.max);
        // Whatever the race let through, the window holds exactly `max` attempts in total.
        let more = 0;
        while (more <= window.max && (await stores.loginAttempts.reserve(k, window))) more++;
        expect(granted + more).toBe(window.max);
      });

      it("opens a new window once the old one has passed", async () => {
        const k = key();
        for (let i = 0; i < 3; i++) await stores.loginAttempts.reserve(k, window);

        const end = T0 + window.windowMs;
        expect(await stores.loginAttempts.reserve(k, { ...window, now: end - 1 })).toBe(false);
        const next = [end, end + 1, end + 2, end + 3].map((now) => ({ ...window, now }));
        const results: boolean[] = [];
        for (const limit of next) results.push(await stores.loginAttempts.reserve(k, limit));
        expect(results).toEqual([true, true, true, false]);
      });

      it("gives one attempt back on release", async () => {
        const k = key();
        for (let i = 0; i < 3; i++) await stores.loginAttempts.reserve(k, window);

        await stores.loginAttempts.release(k, T0 + 1);

        expect(await stores.loginAttempts.reserve(k, { ...window, now: T0 + 2 })).toBe(true);
        expect(await stores.loginAttempts.reserve(k, { ...window, now: T0 + 3 })).toBe(false);
      });

      it("releases nothing below zero and nothing for an unknown key", async () => {
        const k = key();
        await stores.loginAttempts.release(k, T0);
        await stores.loginAttempts.reserve(k, window);
        await stores.loginAttempts.release(k, T0);
        await stores.loginAttempts.release(k, T0);

        const results: boolean[] = [];
        for (let i = 0; i < 4; i++) results.push(await stores.loginAttempts.reserve(k, window));

        expect(results).toEqual([true, true, true, false]);
      });

      it("releases nothing into a window that has already passed", async () => {
        const k = key();
        for (let i = 0; i < 3; i++) await stores.loginAttempts.reserve(k, window);
        const later = T0 + window.windowMs;

        await stores.loginAttempts.release(k, later);

        const results: boolean[] = [];
        for (let i = 0; i < 4; i++) {
          results.push(await stores.loginAttempts.reserve(k, { ...window, now: later }));
        }
        expect(results).toEqual([true, true, true, false]);
      });
    });
  });
}

function pick<T extends object, K extends keyof T>(value: T | null, keys: readonly K[]) {
  if (value === null) return null;
  return Object.fromEntries(keys.map((key) => [key, value[key]])) as Pick<T, K>;
}
