import { randomUUID } from "node:crypto";
import { isAccessTokenLive, type Jti, type SessionId, type UserId } from "@gatehouse/core";
import { describe, expect, it } from "vitest";
import {
  HOUR,
  MINUTE,
  newJti,
  newSession,
  newSessionId,
  newUser,
  pick,
  type StoresOf,
  T0,
} from "./fixtures.js";

const T0_SECONDS = Math.floor(T0 / 1000);

/** The Denylist, SessionStore.revoke and RevocationReader part of the store contract. */
export function describeRevocationContract(stores: StoresOf): void {
  describe("denylist and revocation reads", () => {
    const ended = (now: number, until = now + HOUR) => ({ now, tokensFor: until - now });
    const denied = (jti: Jti, until: number) => ({ jti, issuedAt: T0_SECONDS, until });

    async function userWithSession() {
      const user = newUser();
      await stores().users.create(user);
      const session = newSession(user.id);
      await stores().sessions.create(session);
      const read = (now: number, ids: { sessionId?: SessionId; jti?: Jti } = {}) =>
        stores().revocations.read({
          userId: user.id,
          sessionId: ids.sessionId ?? session.id,
          jti: ids.jti ?? newJti(),
          now,
        });
      return { user, session, read };
    }

    it("reads nothing for a user it does not know", async () => {
      const state = await stores().revocations.read({
        userId: randomUUID() as UserId,
        sessionId: newSessionId(),
        jti: newJti(),
        now: T0,
      });

      expect(state).toEqual({ user: null, sessionEnded: false, jtiDenied: false });
    });

    it("reads the user's profile and cutoffs in one read, never its password hash", async () => {
      const user = newUser({
        roles: ["USER", "ADMIN"],
        accessNotBefore: 1_767_225_600,
        sessionsNotBefore: T0 - 5,
      });
      await stores().users.create(user);

      const state = await stores().revocations.read({
        userId: user.id,
        sessionId: newSessionId(),
        jti: newJti(),
        now: T0,
      });

      const { passwordHash: _, ...profile } = user;
      expect(state).toEqual({ user: profile, sessionEnded: false, jtiDenied: false });
    });

    it("reads the cutoffs as changed since", async () => {
      const { user, read } = await userWithSession();
      await stores().users.update(user.id, { accessNotBefore: 42, sessionsNotBefore: T0 + 7 });

      const state = await read(T0 + 10);

      expect(pick(state.user, ["accessNotBefore", "sessionsNotBefore"])).toEqual({
        accessNotBefore: 42,
        sessionsNotBefore: T0 + 7,
      });
    });

    it("reports an ended session until its tokens' time is up, and not after", async () => {
      const { user, session, read } = await userWithSession();
      await stores().sessions.revoke(user.id, session.id, ended(T0 + 3, T0 + 20 * MINUTE));

      expect((await read(T0 + 3)).sessionEnded).toBe(true);
      expect((await read(T0 + 20 * MINUTE - 1)).sessionEnded).toBe(true);
      // Expiry is decided by the store's code: TTL deletion is lazy or absent.
      expect((await read(T0 + 20 * MINUTE)).sessionEnded).toBe(false);
      expect((await read(T0 + HOUR)).sessionEnded).toBe(false);
    });

    it("reports only the session that ended", async () => {
      const { user, session, read } = await userWithSession();
      const other = newSession(user.id);
      await stores().sessions.create(other);
      await stores().sessions.revoke(user.id, session.id, ended(T0));

      expect((await read(T0 + 1, { sessionId: other.id })).sessionEnded).toBe(false);
      expect((await read(T0 + 1, { sessionId: newSessionId() })).sessionEnded).toBe(false);
    });

    it("reports a denied jti until its expiry, and not after, whatever the TTL does", async () => {
      const { user, read } = await userWithSession();
      const jti = newJti();
      await stores().denylist.add(user.id, denied(jti, T0 + MINUTE), T0);

      expect((await read(T0, { jti })).jtiDenied).toBe(true);
      expect((await read(T0 + MINUTE - 1, { jti })).jtiDenied).toBe(true);
      expect((await read(T0 + MINUTE, { jti })).jtiDenied).toBe(false);
      expect((await read(T0 + HOUR, { jti })).jtiDenied).toBe(false);
      expect((await read(T0)).jtiDenied).toBe(false);
    });

    it("denies a jti only for the user it was denied for", async () => {
      const owner = newUser();
      const other = newUser();
      await stores().users.create(owner);
      await stores().users.create(other);
      const jti = newJti();
      await stores().denylist.add(owner.id, denied(jti, T0 + MINUTE), T0);

      const state = await stores().revocations.read({
        userId: other.id,
        sessionId: newSessionId(),
        jti,
        now: T0,
      });

      expect(state.jtiDenied).toBe(false);
    });

    it("keeps every revocation in force however many there are in one token lifetime", async () => {
      const { user } = await userWithSession();
      const now = T0 + MINUTE;
      const sessions = Array.from({ length: 60 }, () => newSession(user.id));
      const jtis = Array.from({ length: 60 }, () => newJti());
      for (const session of sessions) await stores().sessions.create(session);
      for (const session of sessions) {
        await stores().sessions.revoke(user.id, session.id, ended(now));
      }
      for (const jti of jtis) await stores().denylist.add(user.id, denied(jti, now + HOUR), now);

      // A store may keep an entry per revocation, or raise a cutoff past them (fail closed):
      // either way, none of these tokens may be accepted again.
      const live = async (sessionId: SessionId, jti: Jti) => {
        const state = await stores().revocations.read({ userId: user.id, sessionId, jti, now });
        const claims = { sid: sessionId, iat: T0_SECONDS, sct: T0, cv: 0, roles: user.roles };
        return isAccessTokenLive(state, claims);
      };
      const fresh = newSession(user.id).id;
      for (const session of sessions) expect(await live(session.id, newJti())).toBe(false);
      for (const jti of jtis) expect(await live(fresh, jti)).toBe(false);
    });

    it("keeps reporting a session ended the first time when it is ended again and again", async () => {
      const { user, session, read } = await userWithSession();
      await stores().sessions.revoke(user.id, session.id, ended(T0, T0 + 20 * MINUTE));
      for (let i = 1; i <= 5; i++) {
        await stores().sessions.revoke(user.id, session.id, {
          now: T0 + i * MINUTE,
          tokensFor: 20 * MINUTE,
        });
      }

      // The ending's time is the first one's: ending again neither extends nor renews it.
      expect((await read(T0 + 20 * MINUTE - 1)).sessionEnded).toBe(true);
      expect((await read(T0 + 20 * MINUTE)).sessionEnded).toBe(false);
      expect((await stores().sessions.get(user.id, session.id))?.revokedAt).toBe(T0);
    });
  });
}
