import type { PasswordHasher, Stores } from "@gatehouse/core";
import { fastHasher, memoryStores } from "@gatehouse/testing";
import {
  type CapturedLogs,
  captureLogs,
  createTestApp,
  type TestApp,
  type TestResponse,
} from "@gatehouse/testing/http";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { INTERNAL } from "../support/errors.js";
import {
  type AuthPayloadData,
  dynamoApp,
  errorOf,
  LOGIN,
  ME,
  PASSWORD,
  REFRESH,
  REVOKE,
  SESSIONS,
  SIGN_UP,
  signInAsAdmin,
  signUp,
  USER,
  USERS,
  uniqueEmail,
} from "../support/gql.js";

// Mask the unexpected: an error the API does not know becomes INTERNAL_SERVER_ERROR with a
// fixed message, and no answer ever carries a password hash, the table name or a token.

/** A message no response may repeat: it stands for whatever an AWS error would say. */
const SECRET_STORE_TEXT = "arn:aws:dynamodb:eu-west-1:123456789012:table/secret-table";

let app: TestApp;
let admin: AuthPayloadData;
/** Every password hash the app has made, to prove none ever reaches a response. */
const hashes: string[] = [];

beforeAll(async () => {
  const inner = fastHasher();
  const recording: PasswordHasher = {
    hash: async (password) => {
      const hash = await inner.hash(password);
      hashes.push(hash);
      return hash;
    },
    verify: (hash, password) => inner.verify(hash, password),
  };
  app = await dynamoApp({ hasher: recording });
  admin = await signInAsAdmin(app);
});

describe("an unexpected error", () => {
  /** Memory stores where the named methods throw a plain error carrying AWS-like text. */
  function explodingStores(...methods: `${keyof Stores}.${string}`[]) {
    const stores = memoryStores();
    const armed = { on: false };
    for (const method of methods) {
      const [port, name] = method.split(".") as [keyof Stores, string];
      const target = stores[port] as unknown as Record<string, (...args: unknown[]) => unknown>;
      const original = target[name];
      if (original === undefined) throw new TypeError(`no such store method ${method}`);
      target[name] = (...args: unknown[]) => {
        if (armed.on) throw new Error(`ValidationException: ${SECRET_STORE_TEXT} is unhappy`);
        return original.apply(target, args);
      };
    }
    return { stores, armed };
  }

  let logs: CapturedLogs;
  const logged = () => logs.lines().join("\n");
  const errorLogged = () => logs.records().some((record) => record.level === "ERROR");

  beforeEach(() => {
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  it.each(["development", "production"])(
    "in a resolver becomes INTERNAL_SERVER_ERROR with a fixed message and no trace (%s)",
    async (environment) => {
      const { stores, armed } = explodingStores("users.getByEmail");
      const target = await createTestApp({
        stores,
        hasher: fastHasher(),
        env: { GATEHOUSE_ENV: environment },
      });
      target.runtime.telemetry.logger.setLogLevel("INFO");
      await signUp(target, "victim@example.com");
      armed.on = true;

      const response = await target.graphql(LOGIN, {
        email: "victim@example.com",
        password: PASSWORD,
      });
      expect([200, 500]).toContain(response.status);
      expect(errorOf(response)).toEqual(INTERNAL);
      expect(response.body.errors[0].extensions).toEqual({ code: "INTERNAL_SERVER_ERROR" });
      expect(response.text).not.toContain("secret-table");
      expect(response.text).not.toContain("arn:aws");
      expect(response.text).not.toContain("ValidationException");
      expect(response.text).not.toMatch(/\n\s+at |stacktrace/);
      // Operators hear about it, but production logs carry the error's name, not its text.
      expect(errorLogged()).toBe(true);
      if (environment === "production") expect(logged()).not.toContain("secret-table");
    },
  );

  it("in the revocation read becomes INTERNAL_SERVER_ERROR with a fixed message and no trace", async () => {
    const { stores, armed } = explodingStores("revocations.read");
    const target = await createTestApp({
      stores,
      hasher: fastHasher(),
      env: { GATEHOUSE_ENV: "production" },
    });
    target.runtime.telemetry.logger.setLogLevel("INFO");
    const { accessToken } = await signUp(target);
    armed.on = true;

    const response = await target.graphql(ME, {}, { token: accessToken });
    expect([200, 500]).toContain(response.status);
    expect(response.body.data ?? null).toBeNull();
    expect(errorOf(response)).toEqual(INTERNAL);
    expect(response.text).not.toContain("secret-table");
    expect(response.text).not.toContain("arn:aws");
    expect(response.text).not.toMatch(/\n\s+at |stacktrace/);
    expect(errorLogged()).toBe(true);
    expect(logged()).not.toContain("secret-table");
  });
});

describe("responses never carry secrets", () => {
  it("never contain a password hash, the table name, or a token the caller presented", async () => {
    const email = uniqueEmail("secrets");
    const own = await signUp(app, email);
    const presented = [own.accessToken, own.refreshToken];
    const withHeader = (query: string, variables: Record<string, unknown> = {}) =>
      app.graphql(query, variables, { token: own.accessToken });

    const responses: TestResponse[] = [
      await app.graphql(SIGN_UP, { email, password: PASSWORD }),
      await app.graphql(SIGN_UP, { email: uniqueEmail(), password: "too short" }),
      await app.graphql(LOGIN, { email, password: "a wrong password, surely" }),
      await withHeader(ME),
      await withHeader(SESSIONS),
      await withHeader(USER, { id: own.user.id }),
      await withHeader(USER, { id: admin.user.id }),
      await withHeader(USERS),
      await app.graphql(USERS, { first: 100 }, { token: admin.accessToken }),
      await app.graphql(REFRESH, { refreshToken: own.accessToken }),
      await app.graphql(REFRESH, { refreshToken: `${own.refreshToken}x` }),
      await withHeader(REVOKE, { token: `${own.accessToken}x` }),
      await app.graphql(ME, {}, { headers: { authorization: `Basic ${own.accessToken}` } }),
      await app.graphql(ME, {}, { headers: { authorization: `Bearer ${own.refreshToken}` } }),
      await app.graphql(ME, {}, { token: `${own.accessToken}x` }),
    ];

    expect(hashes.length).toBeGreaterThan(0);
    for (const response of responses) {
      for (const hash of hashes) expect(response.text).not.toContain(hash);
      expect(response.text).not.toContain("$argon2");
      expect(response.text).not.toContain("passwordHash");
      expect(response.text).not.toContain(app.tableName);
      for (const token of presented) expect(response.text).not.toContain(token);
    }
  });
});
