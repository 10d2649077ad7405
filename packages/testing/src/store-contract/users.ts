import { randomUUID } from "node:crypto";
import {
  type Email,
  ERROR_CODES,
  GatehouseError,
  type UserId,
  type UserProfile,
} from "@gatehouse/core";
import { describe, expect, it } from "vitest";
import { MINUTE, newSessionId, newUser, rejection, type StoresOf, T0 } from "./fixtures.js";

/** The UserStore part of the store contract. */
export function describeUserStoreContract(stores: StoresOf): void {
  describe("users", () => {
    it("returns a created user by id and by email", async () => {
      const user = newUser({
        roles: ["USER", "ADMIN"],
        accessNotBefore: 7,
        sessionsNotBefore: 9,
      });
      await stores().users.create(user);

      expect(await stores().users.get(user.id)).toEqual(user);
      expect(await stores().users.getByEmail(user.email)).toEqual(user);
    });

    it("returns a new user's verification and second factors as created", async () => {
      const user = newUser({ emailVerified: true, secondFactors: { totp: true, passkeys: 2 } });
      await stores().users.create(user);

      expect(await stores().users.get(user.id)).toMatchObject({
        emailVerified: true,
        secondFactors: { totp: true, passkeys: 2 },
      });
    });

    it("returns null for an unknown id or email", async () => {
      expect(await stores().users.get(randomUUID() as UserId)).toBeNull();
      expect(await stores().users.getByEmail("nobody@example.com" as Email)).toBeNull();
    });

    it("refuses a second user with the same email with EMAIL_TAKEN and keeps the first", async () => {
      const first = newUser();
      await stores().users.create(first);

      const error = await rejection(stores().users.create(newUser({ email: first.email })));
      expect(error.code).toBe(ERROR_CODES.EMAIL_TAKEN);
      expect(error.message).toBe("An account with this email already exists.");
      expect(await stores().users.getByEmail(first.email)).toEqual(first);
    });

    it("lets exactly one of several concurrent creates with one email succeed", async () => {
      const email = `race-${randomUUID()}@example.com` as Email;
      const contenders = Array.from({ length: 6 }, () => newUser({ email }));

      const results = await Promise.allSettled(contenders.map((u) => stores().users.create(u)));

      const winners = contenders.filter((_, i) => results[i]?.status === "fulfilled");
      expect(winners).toHaveLength(1);
      for (const result of results) {
        if (result.status === "rejected") {
          expect(result.reason).toBeInstanceOf(GatehouseError);
          expect((result.reason as GatehouseError).code).toBe(ERROR_CODES.EMAIL_TAKEN);
        }
      }
      expect((await stores().users.getByEmail(email))?.id).toBe(winners[0]?.id);
    });

    it("applies changes and returns the updated user", async () => {
      const user = newUser();
      await stores().users.create(user);

      const updated = await stores().users.update(user.id, {
        roles: ["USER", "ADMIN"],
        accessNotBefore: 1_767_225_601,
      });

      const expected = { ...user, roles: ["USER", "ADMIN"], accessNotBefore: 1_767_225_601 };
      expect(updated).toEqual(expected);
      expect(await stores().users.get(user.id)).toEqual(expected);
      expect(await stores().users.getByEmail(user.email)).toEqual(expected);
    });

    it("leaves fields that are not part of the change as they were", async () => {
      const user = newUser({ accessNotBefore: 5, sessionsNotBefore: 6 });
      await stores().users.create(user);

      const updated = await stores().users.update(user.id, { roles: ["USER", "ADMIN"] });

      expect(updated).toEqual({ ...user, roles: ["USER", "ADMIN"] });
    });

    it("returns null from update for an unknown id and creates nothing", async () => {
      const id = randomUUID() as UserId;

      expect(await stores().users.update(id, { roles: ["ADMIN"] })).toBeNull();
      expect(await stores().users.get(id)).toBeNull();
    });

    it("never lowers a cutoff, and still applies the other changes", async () => {
      const user = newUser({ accessNotBefore: 1_767_225_601, sessionsNotBefore: T0 + 500 });
      await stores().users.create(user);

      const updated = await stores().users.update(user.id, {
        roles: ["USER", "ADMIN"],
        accessNotBefore: 1_767_225_600,
        sessionsNotBefore: T0 + 499,
      });

      const expected = { ...user, roles: ["USER", "ADMIN"] };
      expect(updated).toEqual(expected);
      expect(await stores().users.get(user.id)).toEqual(expected);
    });

    it("raises one cutoff while refusing to lower the other in the same update", async () => {
      const user = newUser({ accessNotBefore: 1_767_225_601, sessionsNotBefore: T0 });
      await stores().users.create(user);

      const updated = await stores().users.update(user.id, {
        accessNotBefore: 1_767_225_600,
        sessionsNotBefore: T0 + 1,
      });

      const expected = { ...user, sessionsNotBefore: T0 + 1 };
      expect(updated).toEqual(expected);
      expect(await stores().users.get(user.id)).toEqual(expected);
    });

    it("returns the user unchanged when the only change is a lower or equal cutoff", async () => {
      const user = newUser({ accessNotBefore: 10, sessionsNotBefore: T0 });
      await stores().users.create(user);

      expect(await stores().users.update(user.id, { accessNotBefore: 9 })).toEqual(user);
      expect(await stores().users.update(user.id, { sessionsNotBefore: T0 })).toEqual(user);
      expect(await stores().users.get(user.id)).toEqual(user);
    });

    it("keeps the highest cutoffs whatever order concurrent updates land in", async () => {
      const user = newUser();
      await stores().users.create(user);
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
          stores().users.update(user.id, {
            accessNotBefore: 1_767_225_600 + access,
            sessionsNotBefore: T0 + sessions,
          }),
        ),
      );

      expect(await stores().users.get(user.id)).toEqual({
        ...user,
        accessNotBefore: 1_767_225_607,
        sessionsNotBefore: T0 + 8,
      });
    });

    it("returns null from a cutoff update for an unknown id and creates nothing", async () => {
      const id = randomUUID() as UserId;

      expect(
        await stores().users.update(id, { accessNotBefore: 1, sessionsNotBefore: 1 }),
      ).toBeNull();
      expect(await stores().users.get(id)).toBeNull();
    });

    it("pages through every user exactly once, oldest first", async () => {
      // Two users share a creation time: order between them may be either, but stable.
      const created = [3, 0, 4, 1, 1, 2, 5].map((minute) =>
        newUser({ createdAt: T0 + minute * MINUTE }),
      );
      for (const user of created) await stores().users.create(user);

      const seen: UserProfile[] = [];
      let after: string | null = null;
      for (let page = 0; page < 10; page++) {
        const result = await stores().users.list({ first: 3, after });
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
      // Profiles only: a list never carries password hashes.
      const profiles = created.map(({ passwordHash: _, ...profile }) => profile);
      expect(seen).toEqual(expect.arrayContaining(profiles));
      for (const user of seen) expect(user).not.toHaveProperty("passwordHash");
    });

    it("gives each edge a cursor that continues right after that user", async () => {
      const created = [0, 1, 2, 3].map((minute) => newUser({ createdAt: T0 + minute * MINUTE }));
      for (const user of created) await stores().users.create(user);

      const all = await stores().users.list({ first: 10, after: null });
      const second = all.edges[1];
      expect(second).toBeDefined();
      const rest = await stores().users.list({ first: 10, after: second?.cursor ?? null });

      expect(rest.edges.map((edge) => edge.user.id)).toEqual(created.slice(2).map((u) => u.id));
      expect(rest.hasNextPage).toBe(false);
    });

    it("reports no next page when the last page is exactly full", async () => {
      for (const minute of [0, 1]) await stores().users.create(newUser({ createdAt: T0 + minute }));

      const page = await stores().users.list({ first: 2, after: null });

      expect(page.edges).toHaveLength(2);
      expect(page.hasNextPage).toBe(false);
    });

    it("lists nothing, with no cursor, when there are no users", async () => {
      expect(await stores().users.list({ first: 5, after: null })).toEqual({
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
      await stores().users.create(newUser());

      const error = await rejection(stores().users.list({ first: 5, after: cursor }));

      expect(error.code).toBe(ERROR_CODES.INVALID_ARGUMENT);
      expect(error.message).toBe('"after" is not a cursor from this list.');
    });

    it("commits a credential change: new password, next generation, the caller's session kept", async () => {
      const user = newUser();
      await stores().users.create(user);
      const kept = newSessionId();

      const committed = await stores().users.commitCredentialChange(user.id, {
        from: 0,
        passwordHash: "new-hash",
        keepSession: kept,
        now: T0,
      });

      expect(committed).toBe(true);
      const expected = {
        ...user,
        passwordHash: "new-hash",
        credentialVersion: 1,
        keptSession: kept,
      };
      expect(await stores().users.get(user.id)).toEqual(expected);
      expect(await stores().users.getByEmail(user.email)).toEqual(expected);
    });

    it("commits a change that keeps the password and no session", async () => {
      const user = newUser({ credentialVersion: 0 });
      await stores().users.create(user);
      await stores().users.commitCredentialChange(user.id, {
        from: 0,
        passwordHash: "second-hash",
        keepSession: newSessionId(),
        now: T0,
      });

      expect(
        await stores().users.commitCredentialChange(user.id, {
          from: 1,
          keepSession: null,
          now: T0 + MINUTE,
        }),
      ).toBe(true);

      expect(await stores().users.get(user.id)).toEqual({
        ...user,
        passwordHash: "second-hash",
        credentialVersion: 2,
        keptSession: null,
      });
    });

    it("commits one of two changes from the same generation and leaves the other without effect", async () => {
      const user = newUser();
      await stores().users.create(user);

      const results = await Promise.all(
        ["first-hash", "second-hash"].map((passwordHash) =>
          stores().users.commitCredentialChange(user.id, {
            from: 0,
            passwordHash,
            keepSession: newSessionId(),
            now: T0,
          }),
        ),
      );

      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results[0] ? "first-hash" : "second-hash";
      const stored = await stores().users.get(user.id);
      expect(stored?.passwordHash).toBe(winner);
      expect(stored?.credentialVersion).toBe(1);
    });

    it("refuses a change from a generation that is no longer current, changing nothing", async () => {
      const user = newUser();
      await stores().users.create(user);
      await stores().users.commitCredentialChange(user.id, {
        from: 0,
        keepSession: null,
        now: T0,
      });

      const committed = await stores().users.commitCredentialChange(user.id, {
        from: 0,
        passwordHash: "late-hash",
        keepSession: null,
        now: T0,
      });

      expect(committed).toBe(false);
      expect(await stores().users.get(user.id)).toEqual({ ...user, credentialVersion: 1 });
      expect(
        await stores().users.commitCredentialChange(randomUUID() as UserId, {
          from: 0,
          keepSession: null,
          now: T0,
        }),
      ).toBe(false);
    });
  });
}
