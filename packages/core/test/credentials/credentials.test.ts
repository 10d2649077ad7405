import { ERROR_CODES } from "@gatehouse/core";
import { describe, expect, it } from "vitest";
import { authFixture, PASSWORD } from "../support/auth.js";
import { rejectionOf } from "../support/errors.js";

const INVALID_CREDENTIALS = "Invalid email or password.";
const RATE_LIMITED = "Too many failed sign-in attempts. Try again later.";

describe("signUp", () => {
  it("creates a USER account with a normalised email and signs it in", async () => {
    const { services, principalOf, settings } = await authFixture();

    const result = await services.credentials.signUp("  Ada@Example.COM ", PASSWORD);

    expect(result.tokenType).toBe("Bearer");
    expect(result.expiresIn).toBe(settings.ttlSeconds);
    expect(result.user).toMatchObject({ email: "ada@example.com", roles: ["USER"] });
    const principal = await principalOf(result.accessToken);
    expect(principal).toMatchObject({ userId: result.user.id, roles: ["USER"] });
    expect(result.refreshToken.startsWith(`${result.user.id}.${principal.sessionId}.`)).toBe(true);
  });

  it("stores an argon2id hash, never the password", async () => {
    const { services, stores } = await authFixture();

    const { user } = await services.credentials.signUp("ada@example.com", PASSWORD);

    const stored = await stores.users.get(user.id);
    expect(stored?.passwordHash).toMatch(/^\$argon2id\$/);
    expect(stored?.passwordHash).not.toContain(PASSWORD);
  });

  it("refuses an email that is taken, whatever its case, with EMAIL_TAKEN", async () => {
    const { services } = await authFixture();
    await services.credentials.signUp("ada@example.com", PASSWORD);

    const error = await rejectionOf(services.credentials.signUp("ADA@example.com", PASSWORD));

    expect(error.code).toBe(ERROR_CODES.EMAIL_TAKEN);
    expect(error.message).toBe("An account with this email already exists.");
  });

  it("refuses an invalid email with INVALID_EMAIL", async () => {
    const { services } = await authFixture();
    const error = await rejectionOf(services.credentials.signUp("ada", PASSWORD));
    expect(error.code).toBe(ERROR_CODES.INVALID_EMAIL);
    expect(error.message).toBe("The email address is not valid.");
  });

  it("refuses a password shorter than the minimum with WEAK_PASSWORD and creates nothing", async () => {
    const { services, stores } = await authFixture();

    const error = await rejectionOf(services.credentials.signUp("ada@example.com", "short pass"));

    expect(error.code).toBe(ERROR_CODES.WEAK_PASSWORD);
    expect(error.message).toBe("The password must be 15 to 256 characters long.");
    expect(await stores.users.list({ first: 10, after: null })).toMatchObject({ edges: [] });
  });

  it("refuses every sign-up with SIGNUP_CLOSED when sign-up is closed", async () => {
    const { services } = await authFixture({ signup: "closed" });
    const error = await rejectionOf(services.credentials.signUp("ada@example.com", PASSWORD));
    expect(error.code).toBe(ERROR_CODES.SIGNUP_CLOSED);
    expect(error.message).toBe("Sign-up is closed.");
  });

  it("fails with STORE_UNAVAILABLE when the store cannot be reached", async () => {
    const { services, stores } = await authFixture();
    stores.failNext();
    const error = await rejectionOf(services.credentials.signUp("ada@example.com", PASSWORD));
    expect(error.code).toBe(ERROR_CODES.STORE_UNAVAILABLE);
  });
});

describe("login", () => {
  it("starts a new session for the right email and password", async () => {
    const { services, signUp, principalOf } = await authFixture();
    const first = await signUp("ada@example.com");

    const result = await services.credentials.login("ADA@example.com ", PASSWORD);

    const principal = await principalOf(result.accessToken);
    expect(principal.userId).toBe(first.user.id);
    expect(principal.sessionId).not.toBe(first.principal.sessionId);
  });

  it("answers a wrong password and an unknown email with the same error", async () => {
    const { services, signUp } = await authFixture();
    await signUp("ada@example.com");

    const wrong = await rejectionOf(services.credentials.login("ada@example.com", `${PASSWORD}!`));
    const unknown = await rejectionOf(services.credentials.login("bob@example.com", PASSWORD));
    const malformed = await rejectionOf(services.credentials.login("not an email", PASSWORD));

    for (const error of [wrong, unknown, malformed]) {
      expect(error.code).toBe(ERROR_CODES.INVALID_CREDENTIALS);
      expect(error.message).toBe(INVALID_CREDENTIALS);
    }
  });

  it("accepts the password typed in another Unicode form (NFKC)", async () => {
    const { services } = await authFixture();
    await services.credentials.signUp(
      "ada@example.com",
      "ｃｏｒｒｅｃｔ ｈｏｒｓｅ ｂａｔｔｅｒｙ",
    );

    const result = await services.credentials.login("ada@example.com", "correct horse battery");

    expect(result.user.email).toBe("ada@example.com");
  });

  it("refuses the attempt after the limit of failures with RATE_LIMITED, even with the right password", async () => {
    const { services, signUp, settings } = await authFixture();
    await signUp("ada@example.com");
    for (let i = 0; i < settings.loginMaxFailures; i++) {
      const error = await rejectionOf(services.credentials.login("ada@example.com", "wrong"));
      expect(error.code).toBe(ERROR_CODES.INVALID_CREDENTIALS);
    }

    const error = await rejectionOf(services.credentials.login("Ada@Example.com", PASSWORD));

    expect(error.code).toBe(ERROR_CODES.RATE_LIMITED);
    expect(error.message).toBe(RATE_LIMITED);
  });

  it("limits unknown emails the same way, so the limit reveals nothing", async () => {
    const { services, settings } = await authFixture();
    for (let i = 0; i < settings.loginMaxFailures; i++) {
      await rejectionOf(services.credentials.login("ghost@example.com", PASSWORD));
    }
    const error = await rejectionOf(services.credentials.login("ghost@example.com", PASSWORD));
    expect(error.code).toBe(ERROR_CODES.RATE_LIMITED);
  });

  it("counts concurrent failed attempts, letting no more than the limit through", async () => {
    const { services, signUp, settings } = await authFixture();
    await signUp("ada@example.com");

    const errors = await Promise.all(
      Array.from({ length: 8 }, () =>
        rejectionOf(services.credentials.login("ada@example.com", "wrong")),
      ),
    );

    const codes = errors.map((error) => error.code);
    expect(codes.filter((code) => code === ERROR_CODES.INVALID_CREDENTIALS)).toHaveLength(
      settings.loginMaxFailures,
    );
    expect(codes.filter((code) => code === ERROR_CODES.RATE_LIMITED)).toHaveLength(
      8 - settings.loginMaxFailures,
    );
  });

  it("does not count successful logins toward the limit", async () => {
    const { services, signUp } = await authFixture();
    await signUp("ada@example.com");
    await rejectionOf(services.credentials.login("ada@example.com", "wrong"));
    await rejectionOf(services.credentials.login("ada@example.com", "wrong"));
    for (let i = 0; i < 5; i++) await services.credentials.login("ada@example.com", PASSWORD);

    const third = await rejectionOf(services.credentials.login("ada@example.com", "wrong"));
    const fourth = await rejectionOf(services.credentials.login("ada@example.com", PASSWORD));

    expect(third.code).toBe(ERROR_CODES.INVALID_CREDENTIALS);
    expect(fourth.code).toBe(ERROR_CODES.RATE_LIMITED);
  });

  it("allows logins again once the window has passed", async () => {
    const { services, signUp, clock, settings } = await authFixture();
    await signUp("ada@example.com");
    for (let i = 0; i <= settings.loginMaxFailures; i++) {
      await rejectionOf(services.credentials.login("ada@example.com", "wrong"));
    }

    clock.advance(settings.loginWindowSeconds * 1000);

    const result = await services.credentials.login("ada@example.com", PASSWORD);
    expect(result.user.email).toBe("ada@example.com");
  });

  it("limits each email on its own", async () => {
    const { services, signUp, settings } = await authFixture();
    await signUp("ada@example.com");
    await signUp("bob@example.com");
    for (let i = 0; i <= settings.loginMaxFailures; i++) {
      await rejectionOf(services.credentials.login("ada@example.com", "wrong"));
    }

    expect((await services.credentials.login("bob@example.com", PASSWORD)).user.email).toBe(
      "bob@example.com",
    );
  });
});

describe("createUser and ensureAdmin", () => {
  it("lets an admin create a user with the given roles, normalised", async () => {
    const { services, admin } = await authFixture();
    const { principal } = await admin();

    const user = await services.credentials.createUser(principal, "Eve@Example.com", PASSWORD, [
      "ADMIN",
      "USER",
      "ADMIN",
    ]);

    expect(user).toMatchObject({ email: "eve@example.com", roles: ["USER", "ADMIN"] });
    expect((await services.credentials.login("eve@example.com", PASSWORD)).user.id).toBe(user.id);
  });

  it("refuses createUser for a non-admin with FORBIDDEN", async () => {
    const { services, signUp } = await authFixture();
    const { principal } = await signUp("ada@example.com");

    const error = await rejectionOf(
      services.credentials.createUser(principal, "eve@example.com", PASSWORD),
    );

    expect(error.code).toBe(ERROR_CODES.FORBIDDEN);
    expect(error.message).toBe("You are not allowed to do this.");
  });

  it("creates the admin once and returns the same account afterwards", async () => {
    const { services } = await authFixture();

    const first = await services.credentials.ensureAdmin("root@example.com", PASSWORD);
    const again = await services.credentials.ensureAdmin("ROOT@example.com", `${PASSWORD} v2`);

    expect(first.roles).toEqual(["USER", "ADMIN"]);
    expect(again.id).toBe(first.id);
    // The password of an existing admin is not replaced.
    expect((await services.credentials.login("root@example.com", PASSWORD)).user.id).toBe(first.id);
  });

  it("promotes an existing user to admin, keeping the account", async () => {
    const { services, signUp } = await authFixture();
    const { user } = await signUp("ada@example.com");

    const promoted = await services.credentials.ensureAdmin("ada@example.com", PASSWORD);

    expect(promoted).toMatchObject({ id: user.id, roles: ["USER", "ADMIN"] });
  });

  it("refuses to promote an existing account whose password is not the admin password", async () => {
    const { services, stores, signUp } = await authFixture();
    const { user } = await signUp("ada@example.com");
    const adminPassword = `${PASSWORD} but the admin's`;

    const error = await rejectionOf(
      services.credentials.ensureAdmin("ada@example.com", adminPassword),
    );

    expect(error.code).toBe(ERROR_CODES.INVALID_ARGUMENT);
    expect(error.message).toBe(
      "An account with the admin email already exists with another password; it was not made ADMIN.",
    );
    expect(error.message).not.toContain(adminPassword);
    expect((await stores.users.get(user.id))?.roles).toEqual(["USER"]);
  });
});
