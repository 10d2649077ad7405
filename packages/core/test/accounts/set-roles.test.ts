import { createRoleSet, ERROR_CODES, INVALID_TOKEN_MESSAGE } from "@gatehouse/core";
import { describe, expect, it } from "vitest";
import { authFixture } from "../support/auth.js";
import { rejectionOf } from "../support/errors.js";

const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

describe("setRoles", () => {
  it("replaces a user's roles, normalised, and returns the user", async () => {
    const { services, signUp, admin, stores } = await authFixture();
    const ada = await signUp("ada@example.com");
    const root = await admin();

    const updated = await services.accounts.setRoles(root.principal, ada.user.id, [
      "ADMIN",
      "USER",
      "ADMIN",
    ]);

    expect(updated).toMatchObject({ id: ada.user.id, roles: ["USER", "ADMIN"] });
    expect((await stores.users.get(ada.user.id))?.roles).toEqual(["USER", "ADMIN"]);
  });

  it("ends the user's older access tokens but keeps the refresh token, which carries the new roles", async () => {
    const { services, signUp, admin, principalOf } = await authFixture();
    const ada = await signUp("ada@example.com");
    const root = await admin();

    await services.accounts.setRoles(root.principal, ada.user.id, ["USER", "ADMIN"]);

    const stale = await rejectionOf(
      services.authenticator.authenticate(`Bearer ${ada.accessToken}`),
    );
    expect(stale.code).toBe(ERROR_CODES.TOKEN_REVOKED);
    // Refreshed in the same instant: its iat is moved up to the cutoff, so it is accepted.
    const next = await services.sessions.refresh(ada.refreshToken);
    expect((await principalOf(next.accessToken)).roles).toEqual(["USER", "ADMIN"]);
    expect(await services.sessions.list(await principalOf(next.accessToken))).toHaveLength(1);
  });

  it("leaves other users' tokens alone", async () => {
    const { services, signUp, admin, principalOf } = await authFixture();
    const ada = await signUp("ada@example.com");
    const bob = await signUp("bob@example.com");
    const root = await admin();

    await services.accounts.setRoles(root.principal, ada.user.id, ["USER"]);

    expect((await principalOf(bob.accessToken)).userId).toBe(bob.user.id);
  });

  it("keeps older access tokens ended when a later change runs on a clock a few ms behind", async () => {
    const { services, signUp, admin, clock, stores } = await authFixture();
    const root = await admin();
    clock.advance(1000);
    const ada = await signUp("ada@example.com");
    await services.accounts.setRoles(root.principal, ada.user.id, ["USER", "ADMIN"]);
    const cutoff = (await stores.users.get(ada.user.id))?.accessNotBefore;

    // Another instance whose clock is behind, across a second boundary: its cutoff is lower.
    clock.advance(-5);
    await services.accounts.setRoles(root.principal, ada.user.id, ["USER"]);

    const stale = await rejectionOf(
      services.authenticator.authenticate(`Bearer ${ada.accessToken}`),
    );
    expect(stale.code).toBe(ERROR_CODES.TOKEN_REVOKED);
    expect(stale.message).toBe(INVALID_TOKEN_MESSAGE);
    expect(await stores.users.get(ada.user.id)).toMatchObject({
      roles: ["USER"],
      accessNotBefore: cutoff,
    });
  });

  it("refuses a non-admin with FORBIDDEN", async () => {
    const { services, signUp } = await authFixture();
    const ada = await signUp("ada@example.com");

    const error = await rejectionOf(
      services.accounts.setRoles(ada.principal, ada.user.id, ["USER", "ADMIN"]),
    );

    expect(error.code).toBe(ERROR_CODES.FORBIDDEN);
    expect(error.message).toBe("You are not allowed to do this.");
  });

  it("refuses to let the last ADMIN remove their own ADMIN role, and keeps it", async () => {
    const { services, admin, stores } = await authFixture();
    const root = await admin();

    const error = await rejectionOf(
      services.accounts.setRoles(root.principal, root.user.id, ["USER"]),
    );

    expect(error.code).toBe(ERROR_CODES.INVALID_ARGUMENT);
    expect(error.message).toBe("This change would leave no ADMIN: make another user ADMIN first.");
    expect((await stores.users.get(root.user.id))?.roles).toEqual(["USER", "ADMIN"]);
  });

  it("lets an ADMIN step down while another ADMIN remains", async () => {
    const { services, admin, stores } = await authFixture();
    const root = await admin();
    const other = await admin("other.admin@example.com");

    await services.accounts.setRoles(root.principal, root.user.id, ["USER"]);

    expect((await stores.users.get(root.user.id))?.roles).toEqual(["USER"]);
    const error = await rejectionOf(
      services.accounts.setRoles(other.principal, other.user.id, ["USER"]),
    );
    expect(error.code).toBe(ERROR_CODES.INVALID_ARGUMENT);
  });

  it("keeps one ADMIN when the only two demote each other at the same time", async () => {
    const { services, admin, stores } = await authFixture();
    const first = await admin();
    const second = await admin("second.admin@example.com");

    const results = await Promise.allSettled([
      services.accounts.setRoles(first.principal, second.user.id, ["USER"]),
      services.accounts.setRoles(second.principal, first.user.id, ["USER"]),
    ]);

    expect(results.filter((result) => result.status === "rejected")).toHaveLength(1);
    const roles = await Promise.all(
      [first, second].map(async ({ user }) => (await stores.users.get(user.id))?.roles),
    );
    expect(roles.filter((held) => held?.includes("ADMIN"))).toHaveLength(1);
  });

  it("refuses an unknown or malformed user id with INVALID_ARGUMENT", async () => {
    const { services, admin } = await authFixture();
    const root = await admin();

    for (const id of [UNKNOWN_ID, "not-an-id"]) {
      const error = await rejectionOf(services.accounts.setRoles(root.principal, id, ["USER"]));
      expect(error.code).toBe(ERROR_CODES.INVALID_ARGUMENT);
      expect(error.message).toBe("No user has this id.");
    }
  });
});

describe("a configured role set", () => {
  it("lets setRoles and createUser grant a team's role, in the set's order", async () => {
    const roles = createRoleSet(["USER", "EDITOR", "ADMIN"]);
    const { services, signUp, admin } = await authFixture({ roles });
    const ada = await signUp("ada@example.com");
    const root = await admin();
    const updated = await services.accounts.setRoles(root.principal, ada.user.id, [
      "EDITOR",
      "USER",
    ]);
    expect(updated.roles).toEqual(["USER", "EDITOR"]);
    const created = await services.credentials.createUser(
      root.principal,
      "bo@example.com",
      "correct horse battery staple",
      ["EDITOR"],
    );
    expect(created.roles).toEqual(["EDITOR"]);
  });

  it("refuses a role outside the set with BAD_USER_INPUT naming it and listing the roles", async () => {
    const { services, signUp, admin } = await authFixture();
    const ada = await signUp("ada@example.com");
    const root = await admin();
    const error = await rejectionOf(
      services.accounts.setRoles(root.principal, ada.user.id, ["USER", "EDITOR", "bad role"]),
    );
    expect(error.code).toBe(ERROR_CODES.INVALID_ARGUMENT);
    expect(error.message).toBe("Unknown role EDITOR, (malformed): the roles are USER, ADMIN.");
    const refused = await rejectionOf(
      services.credentials.createUser(root.principal, "bo@example.com", "x".repeat(20), ["ROOT"]),
    );
    expect(refused.message).toBe("Unknown role ROOT: the roles are USER, ADMIN.");
  });

  it("refuses to build a set without USER or ADMIN or with a malformed or repeated name", () => {
    expect(() => createRoleSet(["USER", "EDITOR"])).toThrow(
      new TypeError("Invalid role set: ADMIN is missing: Gatehouse's own rules need it"),
    );
    expect(() => createRoleSet(["ADMIN", "editor", "ADMIN"])).toThrow(
      new TypeError(
        'Invalid role set: "editor" is not a role name (A-Z, 0-9 and _, starting with a letter, at most 32 characters); ADMIN listed twice; USER is missing: sign-up grants it',
      ),
    );
  });
});
