import { randomUUID } from "node:crypto";
import type { UserId } from "@gatehouse/core";
import { describe, expect, it } from "vitest";
import {
  HOUR,
  legacySessionId,
  MINUTE,
  newHash,
  newSession,
  newSessionId,
  type StoresOf,
  T0,
} from "./fixtures.js";

/** The SessionStore part of the store contract. */
export function describeSessionStoreContract(stores: StoresOf): void {
  describe("sessions", () => {
    const endedAt = (now: number) => ({ now, tokensFor: HOUR });
    const userId = () => randomUUID() as UserId;

    it("returns a created session, and null for an unknown one", async () => {
      const session = newSession(userId());
      await stores().sessions.create(session);

      expect(await stores().sessions.get(session.userId, session.id)).toEqual(session);
      expect(await stores().sessions.get(session.userId, newSessionId())).toBeNull();
      expect(await stores().sessions.get(userId(), session.id)).toBeNull();
    });

    it("remembers the assurance a session was started with", async () => {
      const session = newSession(userId(), {
        authTime: Math.floor(T0 / 1000) - 30,
        acr: "aal2",
        amr: ["pwd", "otp", "mfa"],
      });
      await stores().sessions.create(session);

      const stored = await stores().sessions.get(session.userId, session.id);
      expect(stored).toMatchObject({
        authTime: session.authTime,
        acr: "aal2",
        amr: ["pwd", "otp", "mfa"],
      });
      await stores().sessions.rotate(session.userId, session.id, {
        from: session.refreshTokenHash,
        to: newHash(),
        now: T0 + MINUTE,
      });
      expect(await stores().sessions.get(session.userId, session.id)).toMatchObject({
        authTime: session.authTime,
        acr: "aal2",
        amr: ["pwd", "otp", "mfa"],
      });
    });

    it("lists the sessions of one user newest first, in any state, and no one else's", async () => {
      const owner = userId();
      const live = newSession(owner);
      const ended = newSession(owner, { createdAt: T0 + 1 });
      const expired = newSession(owner, { createdAt: T0 + 2, expiresAt: T0 + 3 });
      const others = newSession(userId(), { createdAt: T0 + 4 });
      for (const session of [live, ended, expired, others]) {
        await stores().sessions.create(session);
      }
      await stores().sessions.revoke(owner, ended.id, endedAt(T0 + 5));

      expect(await stores().sessions.listRecent(owner, 10)).toEqual([
        expired,
        { ...ended, revokedAt: T0 + 5 },
        live,
      ]);
      expect(await stores().sessions.listRecent(userId(), 10)).toEqual([]);
    });

    it("lists no more than the limit: the newest sessions, read without reading the rest", async () => {
      const owner = userId();
      const sessions = Array.from({ length: 12 }, (_, i) =>
        newSession(owner, { createdAt: T0 + (i % 2 === 0 ? i : 100 - i) * MINUTE }),
      );
      for (const session of sessions) await stores().sessions.create(session);

      const listed = await stores().sessions.listRecent(owner, 5);

      const newest = [...sessions].sort((a, b) => b.createdAt - a.createdAt).slice(0, 5);
      expect(listed).toEqual(newest);
    });

    it("lists sessions of the older random-id form after the time-ordered ones", async () => {
      const owner = userId();
      const legacy = newSession(owner, { id: legacySessionId(), createdAt: T0 + HOUR });
      const current = newSession(owner, { createdAt: T0 });
      await stores().sessions.create(legacy);
      await stores().sessions.create(current);

      expect(await stores().sessions.listRecent(owner, 10)).toEqual([current, legacy]);
    });

    it("rotates once from the current hash and records the new hash and use time", async () => {
      const session = newSession(userId());
      await stores().sessions.create(session);
      const next = newHash();

      const rotated = await stores().sessions.rotate(session.userId, session.id, {
        from: session.refreshTokenHash,
        to: next,
        now: T0 + MINUTE,
      });

      expect(rotated).toBe(true);
      expect(await stores().sessions.get(session.userId, session.id)).toEqual({
        ...session,
        refreshTokenHash: next,
        lastUsedAt: T0 + MINUTE,
      });
    });

    it("refuses to rotate from a stale hash and changes nothing", async () => {
      const session = newSession(userId());
      await stores().sessions.create(session);
      const next = newHash();
      await stores().sessions.rotate(session.userId, session.id, {
        from: session.refreshTokenHash,
        to: next,
        now: T0 + 1,
      });

      const again = await stores().sessions.rotate(session.userId, session.id, {
        from: session.refreshTokenHash,
        to: newHash(),
        now: T0 + 2,
      });

      expect(again).toBe(false);
      const stored = await stores().sessions.get(session.userId, session.id);
      expect(stored?.refreshTokenHash).toBe(next);
      expect(stored?.lastUsedAt).toBe(T0 + 1);
    });

    it("refuses to rotate a revoked session", async () => {
      const session = newSession(userId());
      await stores().sessions.create(session);
      await stores().sessions.revoke(session.userId, session.id, endedAt(T0 + 1));

      const rotated = await stores().sessions.rotate(session.userId, session.id, {
        from: session.refreshTokenHash,
        to: newHash(),
        now: T0 + 2,
      });

      expect(rotated).toBe(false);
      const stored = await stores().sessions.get(session.userId, session.id);
      expect(stored?.refreshTokenHash).toBe(session.refreshTokenHash);
    });

    it("refuses to rotate a session at or after its expiry", async () => {
      const session = newSession(userId());
      await stores().sessions.create(session);

      for (const now of [session.expiresAt, session.expiresAt + MINUTE]) {
        const rotated = await stores().sessions.rotate(session.userId, session.id, {
          from: session.refreshTokenHash,
          to: newHash(),
          now,
        });
        expect(rotated).toBe(false);
      }
      const stored = await stores().sessions.get(session.userId, session.id);
      expect(stored?.refreshTokenHash).toBe(session.refreshTokenHash);
    });

    it("refuses to rotate a session that does not exist, and creates none", async () => {
      const owner = userId();
      const id = newSessionId();

      const rotated = await stores().sessions.rotate(owner, id, {
        from: newHash(),
        to: newHash(),
        now: T0,
      });

      expect(rotated).toBe(false);
      expect(await stores().sessions.get(owner, id)).toBeNull();
    });

    it("lets exactly one of several concurrent rotations from one hash succeed", async () => {
      const session = newSession(userId());
      await stores().sessions.create(session);
      const targets = Array.from({ length: 6 }, () => newHash());

      const results = await Promise.all(
        targets.map((to) =>
          stores().sessions.rotate(session.userId, session.id, {
            from: session.refreshTokenHash,
            to,
            now: T0 + 1,
          }),
        ),
      );

      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = targets[results.indexOf(true)];
      const stored = await stores().sessions.get(session.userId, session.id);
      expect(stored?.refreshTokenHash).toBe(winner);
    });

    it("remembers a spent hash for its session until it expires", async () => {
      const owner = userId();
      const sessionId = newSessionId();
      const hash = newHash();
      await stores().sessions.recordSpent(owner, hash, { sessionId, expiresAt: T0 + HOUR });

      expect(await stores().sessions.findSpent(owner, hash, T0)).toBe(sessionId);
      expect(await stores().sessions.findSpent(owner, hash, T0 + HOUR - 1)).toBe(sessionId);
      // Expiry is decided by the store's code: TTL deletion is lazy or absent.
      expect(await stores().sessions.findSpent(owner, hash, T0 + HOUR)).toBeNull();
      expect(await stores().sessions.findSpent(owner, hash, T0 + 2 * HOUR)).toBeNull();
    });

    it("finds no spent hash that was never recorded, or that belongs to another user", async () => {
      const owner = userId();
      const hash = newHash();
      await stores().sessions.recordSpent(owner, hash, {
        sessionId: newSessionId(),
        expiresAt: T0 + HOUR,
      });

      expect(await stores().sessions.findSpent(owner, newHash(), T0)).toBeNull();
      expect(await stores().sessions.findSpent(userId(), hash, T0)).toBeNull();
    });

    it("revokes idempotently, keeping the first revocation time", async () => {
      const session = newSession(userId());
      await stores().sessions.create(session);

      await stores().sessions.revoke(session.userId, session.id, endedAt(T0 + 10));
      await stores().sessions.revoke(session.userId, session.id, endedAt(T0 + 20));

      expect(await stores().sessions.get(session.userId, session.id)).toEqual({
        ...session,
        revokedAt: T0 + 10,
      });
    });

    it("revokes an unknown session without failing and without creating it", async () => {
      const owner = userId();
      const id = newSessionId();

      await stores().sessions.revoke(owner, id, endedAt(T0));

      expect(await stores().sessions.get(owner, id)).toBeNull();
    });
  });
}
