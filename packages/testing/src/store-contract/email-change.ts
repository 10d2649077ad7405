import { randomUUID } from "node:crypto";
import { ERROR_CODES, type UserId } from "@gatehouse/core";
import { describe, expect, it } from "vitest";
import { MINUTE, newSessionId, newUser, rejection, type StoresOf, T0 } from "./fixtures.js";

/** The `UserStore.changeEmail` part of the store contract. */
export function describeEmailChangeContract(stores: StoresOf): void {
  describe("email change", () => {
    const address = () =>
      `moved-${randomUUID().slice(0, 8)}@example.com` as ReturnType<typeof newUser>["email"];

    it("moves the user to the new address, verified, as the next credential generation", async () => {
      const user = newUser();
      await stores().users.create(user);
      const kept = newSessionId();
      const email = address();

      const changed = await stores().users.changeEmail(user.id, {
        from: 0,
        email,
        keepSession: kept,
        now: T0,
      });

      expect(changed).toBe(true);
      const expected = {
        ...user,
        email,
        emailVerified: true,
        credentialVersion: 1,
        keptSession: kept,
      };
      expect(await stores().users.get(user.id)).toEqual(expected);
      expect(await stores().users.getByEmail(email)).toEqual(expected);
      expect(await stores().users.getByEmail(user.email)).toBeNull();
    });

    it("frees the old address for someone else", async () => {
      const user = newUser();
      await stores().users.create(user);
      await stores().users.changeEmail(user.id, {
        from: 0,
        email: address(),
        keepSession: null,
        now: T0,
      });

      const next = newUser({ email: user.email });
      await stores().users.create(next);

      expect((await stores().users.getByEmail(user.email))?.id).toBe(next.id);
    });

    it("refuses an address another user has with EMAIL_TAKEN, changing nothing", async () => {
      const [user, other] = [newUser(), newUser()];
      for (const one of [user, other]) await stores().users.create(one);

      const error = await rejection(
        stores().users.changeEmail(user.id, {
          from: 0,
          email: other.email,
          keepSession: null,
          now: T0,
        }),
      );

      expect(error.code).toBe(ERROR_CODES.EMAIL_TAKEN);
      expect(await stores().users.get(user.id)).toEqual(user);
      expect(await stores().users.getByEmail(other.email)).toEqual(other);
      expect(await stores().users.getByEmail(user.email)).toEqual(user);
    });

    it("gives a free address to exactly one of two users racing for it; the other is unchanged", async () => {
      const [first, second] = [newUser(), newUser()];
      for (const one of [first, second]) await stores().users.create(one);
      const email = address();

      const results = await Promise.allSettled(
        [first, second].map((one) =>
          stores().users.changeEmail(one.id, { from: 0, email, keepSession: null, now: T0 }),
        ),
      );

      const won = results.filter((result) => result.status === "fulfilled" && result.value);
      const lost = results.filter((result) => result.status === "rejected");
      expect(won).toHaveLength(1);
      expect(lost).toHaveLength(1);
      expect((lost[0] as PromiseRejectedResult).reason.code).toBe(ERROR_CODES.EMAIL_TAKEN);
      const winner = results[0]?.status === "fulfilled" ? first : second;
      const loser = winner === first ? second : first;
      expect((await stores().users.getByEmail(email))?.id).toBe(winner.id);
      expect(await stores().users.get(loser.id)).toEqual(loser);
      expect(await stores().users.getByEmail(loser.email)).toEqual(loser);
    });

    it("refuses a change from a generation that is no longer current, changing nothing", async () => {
      const user = newUser();
      await stores().users.create(user);
      await stores().users.commitCredentialChange(user.id, { from: 0, keepSession: null, now: T0 });
      const email = address();

      const changed = await stores().users.changeEmail(user.id, {
        from: 0,
        email,
        keepSession: null,
        now: T0 + MINUTE,
      });

      expect(changed).toBe(false);
      expect(await stores().users.get(user.id)).toEqual({ ...user, credentialVersion: 1 });
      expect(await stores().users.getByEmail(email)).toBeNull();
      expect(
        await stores().users.changeEmail(randomUUID() as UserId, {
          from: 0,
          email,
          keepSession: null,
          now: T0,
        }),
      ).toBe(false);
      // Nobody holds the address after the refusals: a sign-up gets it at once.
      await stores().users.create(newUser({ email }));
    });
  });
}
