import { ERROR_CODES } from "@gatehouse/core";
import { describe, expect, it } from "vitest";
import { MAX_PAGE_SIZE } from "../../src/accounts/account-service.js";
import { authFixture, PASSWORD } from "../support/auth.js";
import { rejectionOf } from "../support/errors.js";

const NEW_PASSWORD = "a completely different passphrase";
const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

describe("changePassword", () => {
  it("replaces the password: the old one stops working and the new one works", async () => {
    const { services, signUp } = await authFixture();
    const ada = await signUp("ada@example.com");

    await services.accounts.changePassword(ada.principal, PASSWORD, NEW_PASSWORD);

    const old = await rejectionOf(services.credentials.login("ada@example.com", PASSWORD));
    expect(old.code).toBe(ERROR_CODES.INVALID_CREDENTIALS);
    expect((await services.credentials.login("ada@example.com", NEW_PASSWORD)).user.id).toBe(
      ada.user.id,
    );
  });

  it("ends every other session of the caller and keeps the current one", async () => {
    const { services, signUp, principalOf } = await authFixture();
    const ada = await signUp("ada@example.com");
    const other = await services.credentials.login("ada@example.com", PASSWORD);

    await services.accounts.changePassword(ada.principal, PASSWORD, NEW_PASSWORD);

    const access = await rejectionOf(
      services.authenticator.authenticate(`Bearer ${other.accessToken}`),
    );
    expect(access.code).toBe(ERROR_CODES.TOKEN_REVOKED);
    const refresh = await rejectionOf(services.sessions.refresh(other.refreshToken));
    expect(refresh.code).toBe(ERROR_CODES.REFRESH_TOKEN_INVALID);
    expect((await principalOf(ada.accessToken)).sessionId).toBe(ada.principal.sessionId);
    expect((await services.sessions.refresh(ada.refreshToken)).user.id).toBe(ada.user.id);
  });

  it("refuses a wrong current password with INVALID_CREDENTIALS and changes nothing", async () => {
    const { services, signUp } = await authFixture();
    const ada = await signUp("ada@example.com");
    const other = await services.credentials.login("ada@example.com", PASSWORD);

    const error = await rejectionOf(
      services.accounts.changePassword(ada.principal, "not my password", NEW_PASSWORD),
    );

    expect(error.code).toBe(ERROR_CODES.INVALID_CREDENTIALS);
    expect(error.message).toBe("Invalid email or password.");
    expect((await services.credentials.login("ada@example.com", PASSWORD)).user.id).toBe(
      ada.user.id,
    );
    expect((await services.sessions.refresh(other.refreshToken)).user.id).toBe(ada.user.id);
  });

  it("refuses a weak new password with WEAK_PASSWORD and keeps the old one", async () => {
    const { services, signUp } = await authFixture();
    const ada = await signUp("ada@example.com");

    const error = await rejectionOf(
      services.accounts.changePassword(ada.principal, PASSWORD, "short"),
    );

    expect(error.code).toBe(ERROR_CODES.WEAK_PASSWORD);
    expect(error.message).toBe("The password must be 15 to 256 characters long.");
    expect((await services.credentials.login("ada@example.com", PASSWORD)).user.id).toBe(
      ada.user.id,
    );
  });

  it("counts wrong current passwords per user, apart from login's counters", async () => {
    const { services, signUp, settings } = await authFixture();
    const ada = await signUp("ada@example.com");
    for (let i = 0; i < settings.loginMaxFailures; i++) {
      await rejectionOf(services.accounts.changePassword(ada.principal, "guess", NEW_PASSWORD));
    }

    const change = await rejectionOf(
      services.accounts.changePassword(ada.principal, PASSWORD, NEW_PASSWORD),
    );
    expect(change.code).toBe(ERROR_CODES.RATE_LIMITED);
    expect(change.message).toBe("Too many failed password changes. Try again later.");
    expect((await services.credentials.login("ada@example.com", PASSWORD)).user.id).toBe(
      ada.user.id,
    );
  });

  it("is not blocked by failed logins", async () => {
    const { services, signUp, settings } = await authFixture();
    const ada = await signUp("ada@example.com");
    for (let i = 0; i <= settings.loginMaxFailures; i++) {
      await rejectionOf(services.credentials.login("ada@example.com", "a wrong guess!"));
    }

    await services.accounts.changePassword(ada.principal, PASSWORD, NEW_PASSWORD);
  });

  it("normalises the new password with NFKC like every other password", async () => {
    const { services, signUp } = await authFixture();
    const ada = await signUp("ada@example.com");

    await services.accounts.changePassword(
      ada.principal,
      PASSWORD,
      "ｆｕｌｌ ｗｉｄｔｈ ｐａｓｓｐｈｒａｓｅ",
    );

    expect(
      (await services.credentials.login("ada@example.com", "full width passphrase")).user.id,
    ).toBe(ada.user.id);
  });
});

describe("reading accounts", () => {
  it("returns the caller's own account from me and getUser", async () => {
    const { services, signUp } = await authFixture();
    const ada = await signUp("ada@example.com");

    expect((await services.accounts.me(ada.principal))?.email).toBe("ada@example.com");
    expect((await services.accounts.getUser(ada.principal, ada.user.id))?.id).toBe(ada.user.id);
  });

  it("answers me from the account read with the request's revocation state, without a second read", async () => {
    const { services, signUp, stores } = await authFixture();
    const ada = await signUp("ada@example.com");
    stores.failNext();

    expect(await services.accounts.me(ada.principal)).toEqual(ada.principal.account);
    expect(ada.principal.account?.email).toBe("ada@example.com");
  });

  it("refuses a non-admin any id but their own with FORBIDDEN, whether it exists or not", async () => {
    const { services, signUp } = await authFixture();
    const ada = await signUp("ada@example.com");
    const bob = await signUp("bob@example.com");

    for (const id of [bob.user.id, UNKNOWN_ID, "not-an-id"]) {
      const error = await rejectionOf(services.accounts.getUser(ada.principal, id));
      expect(error.code).toBe(ERROR_CODES.FORBIDDEN);
    }
  });

  it("gives an admin any account, and null for an unknown id", async () => {
    const { services, signUp, admin } = await authFixture();
    const bob = await signUp("bob@example.com");
    const root = await admin();

    expect((await services.accounts.getUser(root.principal, bob.user.id))?.id).toBe(bob.user.id);
    expect(await services.accounts.getUser(root.principal, UNKNOWN_ID)).toBeNull();
    expect(await services.accounts.getUser(root.principal, "not-an-id")).toBeNull();
  });

  it("lets an admin page through all accounts, oldest first", async () => {
    const { services, signUp, admin, clock } = await authFixture();
    const root = await admin();
    const emails = ["a@example.com", "b@example.com", "c@example.com"];
    for (const email of emails) {
      clock.advance(1000);
      await signUp(email);
    }

    const first = await services.accounts.listUsers(root.principal, 2, null);
    const rest = await services.accounts.listUsers(root.principal, 2, first.endCursor);

    expect([...first.edges, ...rest.edges].map((edge) => edge.user.email)).toEqual([
      "admin@example.com",
      ...emails,
    ]);
    expect(first.hasNextPage).toBe(true);
    expect(rest.hasNextPage).toBe(false);
  });

  it("refuses a page size outside 1 to 100 with INVALID_ARGUMENT", async () => {
    const { services, admin } = await authFixture();
    const root = await admin();

    for (const first of [0, -1, MAX_PAGE_SIZE + 1, 1.5]) {
      const error = await rejectionOf(services.accounts.listUsers(root.principal, first, null));
      expect(error.code).toBe(ERROR_CODES.INVALID_ARGUMENT);
      expect(error.message).toBe('"first" must be between 1 and 100.');
    }
    expect(
      (await services.accounts.listUsers(root.principal, MAX_PAGE_SIZE, null)).edges,
    ).toHaveLength(1);
  });

  it("refuses listing to a non-admin with FORBIDDEN", async () => {
    const { services, signUp } = await authFixture();
    const ada = await signUp("ada@example.com");
    const error = await rejectionOf(services.accounts.listUsers(ada.principal, 10, null));
    expect(error.code).toBe(ERROR_CODES.FORBIDDEN);
  });
});
