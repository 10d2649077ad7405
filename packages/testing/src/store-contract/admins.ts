import { describe, expect, it } from "vitest";
import { newUser, type StoresOf } from "./fixtures.js";

/** The AdminRegistry part of the store contract. */
export function describeAdminRegistryContract(stores: StoresOf): void {
  describe("admin registry", () => {
    async function admins(count: number) {
      const created = Array.from({ length: count }, () => newUser({ roles: ["USER", "ADMIN"] }));
      for (const user of created) {
        await stores().users.create(user);
        await stores().admins.add(user.id);
      }
      return created.map((user) => user.id);
    }

    it("refuses to remove the last registered admin, and keeps it", async () => {
      const [only] = await admins(1);
      if (only === undefined) throw new Error("no admin");

      expect(await stores().admins.remove(only)).toBe(false);
      expect(await stores().admins.remove(only)).toBe(false);
    });

    it("removes an admin while another stays, then refuses the other", async () => {
      const [first, second] = await admins(2);
      if (first === undefined || second === undefined) throw new Error("no admins");

      expect(await stores().admins.remove(first)).toBe(true);
      expect(await stores().admins.remove(second)).toBe(false);
    });

    it("keeps at least one admin when every admin is removed at the same time", async () => {
      const ids = await admins(4);

      const results = await Promise.all(ids.map((id) => stores().admins.remove(id)));

      expect(results.filter((removed) => !removed)).toHaveLength(1);
    });

    it("counts the ADMIN users of a store written before the registry", async () => {
      const earlier = [newUser({ roles: ["USER", "ADMIN"] }), newUser({ roles: ["ADMIN"] })];
      for (const user of [...earlier, newUser()]) await stores().users.create(user);
      const [first, second] = earlier;
      if (first === undefined || second === undefined) throw new Error("no admins");

      expect(await stores().admins.remove(first.id)).toBe(true);
      expect(await stores().admins.remove(second.id)).toBe(false);
    });

    it("lets a user who is not registered go while an admin is registered", async () => {
      const [admin] = await admins(1);
      const unregistered = newUser();
      await stores().users.create(unregistered);
      if (admin === undefined) throw new Error("no admin");

      expect(await stores().admins.remove(unregistered.id)).toBe(true);
      expect(await stores().admins.remove(admin)).toBe(false);
    });

    it("registers an admin once however often it is added", async () => {
      const [first, second] = await admins(2);
      if (first === undefined || second === undefined) throw new Error("no admins");
      await stores().admins.add(first);
      await stores().admins.add(first);

      expect(await stores().admins.remove(first)).toBe(true);
      expect(await stores().admins.remove(second)).toBe(false);
    });
  });
}
