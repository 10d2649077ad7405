import { createSchema, MUTATION_AUDIT } from "@gatehouse/functions";
import { fastHasher } from "@gatehouse/testing";
import {
  type CapturedLogs,
  captureLogs,
  createTestApp,
  type TestApp,
} from "@gatehouse/testing/http";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  CHANGE_PASSWORD,
  CREATE_USER,
  LOGIN,
  ME,
  PASSWORD,
  REFRESH,
  REVOKE,
  SET_ROLES,
  SIGN_UP,
  uniqueEmail,
} from "../support/gql.js";
import { withBadSignature } from "../support/tokens.js";

const EMAIL = "audit.subject@example.com";
const ADMIN_EMAIL = "audit.admin@example.com";

describe("the audit trail", () => {
  let app: TestApp;
  let logs: CapturedLogs;
  const secrets: string[] = [PASSWORD, EMAIL];

  beforeAll(async () => {
    // Metrics are read from the environment when the container starts.
    process.env.POWERTOOLS_METRICS_DISABLED = "false";
    app = await createTestApp({
      endpoint: inject("dynamoEndpoint"),
      hasher: fastHasher(),
      env: { GATEHOUSE_LOGIN_MAX_FAILURES: "2" },
    });
    process.env.POWERTOOLS_METRICS_DISABLED = "true";
    app.runtime.telemetry.logger.setLogLevel("INFO");
    const admin = await app.runtime.services.credentials.ensureAdmin(ADMIN_EMAIL, PASSWORD);
    secrets.push(admin.passwordHash);

    logs = captureLogs();
    // One scenario touching every security decision.
    const signUp = await app.graphql(SIGN_UP, { email: EMAIL, password: PASSWORD });
    const { accessToken, refreshToken, user } = signUp.body.data.signUp;
    secrets.push(accessToken, refreshToken);
    await app.graphql(LOGIN, { email: EMAIL, password: "wrong password, quite long" });
    const login = await app.graphql(LOGIN, { email: EMAIL, password: PASSWORD });
    secrets.push(login.body.data.login.accessToken, login.body.data.login.refreshToken);
    await app.graphql(LOGIN, {
      email: "nobody@example.com",
      password: "wrong password, quite long",
    });
    await app.graphql(LOGIN, {
      email: "nobody@example.com",
      password: "wrong password, quite long",
    });
    await app.graphql(LOGIN, {
      email: "nobody@example.com",
      password: "wrong password, quite long",
    });
    await app.graphql(ME, {}, { token: withBadSignature(accessToken) });
    const rotated = await app.graphql(REFRESH, { refreshToken });
    secrets.push(rotated.body.data.refresh.accessToken, rotated.body.data.refresh.refreshToken);
    await app.graphql(REFRESH, { refreshToken });
    const adminLogin = await app.graphql(LOGIN, { email: ADMIN_EMAIL, password: PASSWORD });
    const adminToken = adminLogin.body.data.login.accessToken;
    secrets.push(adminToken, adminLogin.body.data.login.refreshToken);
    await app.graphql(REVOKE, {}, { token: login.body.data.login.accessToken });
    await app.graphql(
      SET_ROLES,
      { userId: user.id, roles: ["USER", "ADMIN"] },
      { token: adminToken },
    );
    logs.restore();
  });

  afterAll(() => logs.restore());

  const events = () =>
    logs
      .records()
      .filter((record) => typeof record.audit === "object")
      .map((record) => record.audit as Record<string, unknown>);
  const eventTypes = () => events().map((event) => event.type);

  it("records one event per security decision, in order", () => {
    expect(eventTypes()).toEqual([
      "signup.succeeded",
      "login.failed",
      "login.succeeded",
      "login.failed",
      "login.failed",
      "login.rate_limited",
      "token.rejected",
      "token.refreshed",
      "session.reuse_detected",
      "login.succeeded",
      "token.revoked",
      "roles.changed",
    ]);
  });

  it("names the reason of a failure with its domain code", () => {
    const failed = events().find((event) => event.type === "login.failed");
    expect(failed?.reason).toBe("INVALID_CREDENTIALS");
    const rejected = events().find((event) => event.type === "token.rejected");
    expect(rejected?.reason).toBe("BAD_SIGNATURE");
  });

  it("correlates attempts on one email by a hash, never the address", () => {
    const hashes = events()
      .filter((event) => event.type === "login.failed" || event.type === "login.rate_limited")
      .map((event) => event.emailHash);
    expect(hashes[1]).toBe(hashes[2]);
    expect(hashes[2]).toBe(hashes[3]);
    expect(hashes[0]).not.toBe(hashes[1]);
  });

  it("tags every line with the request's correlation id and the service name", () => {
    for (const record of logs.records().filter((r) => typeof r.audit === "object")) {
      expect(record.service).toBe("gatehouse");
      expect(record.correlation_id).toMatch(/^req-\d+$/);
    }
  });

  it("counts events as CloudWatch EMF metrics", () => {
    const emf = logs.records().filter((record) => typeof record._aws === "object");
    expect(emf.length).toBeGreaterThan(0);
    const names = emf.flatMap((record) => Object.keys(record));
    expect(names).toEqual(
      expect.arrayContaining(["Logins", "LoginFailures", "TokensRejected", "RefreshTokenReuse"]),
    );
  });

  it("never writes a token, password, password hash or email address", () => {
    const text = logs.lines().join("\n");
    for (const secret of secrets) expect(text).not.toContain(secret);
    expect(text).not.toContain("$argon2");
    expect(text).not.toContain("nobody@example.com");
  });
});

describe("the audit trail of the per-source limit", () => {
  it("records a sign-up the source address limit refused", async () => {
    const app = await createTestApp({
      endpoint: inject("dynamoEndpoint"),
      hasher: fastHasher(),
      env: { GATEHOUSE_IP_MAX_ATTEMPTS: "1" },
    });
    app.runtime.telemetry.logger.setLogLevel("INFO");
    const logs = captureLogs();
    try {
      await app.graphql(SIGN_UP, { email: "first.source@example.com", password: PASSWORD });
      const refused = await app.graphql(SIGN_UP, {
        email: "second.source@example.com",
        password: PASSWORD,
      });
      expect(refused.body.errors[0].extensions.code).toBe("RATE_LIMITED");
    } finally {
      logs.restore();
    }
    const types = logs
      .records()
      .map((record) => (record.audit as { type?: string } | undefined)?.type)
      .filter((type) => type !== undefined);
    expect(types).toEqual(["signup.succeeded", "signup.rate_limited"]);
    expect(logs.lines().join("\n")).not.toContain("second.source@example.com");
  });
});

describe("the audit trail of every mutation", () => {
  it("maps every Mutation field of the schema to an audit event", () => {
    const fields = Object.keys(createSchema().getMutationType()?.getFields() ?? {});

    expect(fields.length).toBeGreaterThan(0);
    const unmapped = fields.filter((field) => !Object.hasOwn(MUTATION_AUDIT, field));
    expect(unmapped).toEqual([]);
  });

  it("records createUser and every outcome of changePassword, and bad input to any mutation", async () => {
    const app = await createTestApp({
      endpoint: inject("dynamoEndpoint"),
      hasher: fastHasher(),
      env: { GATEHOUSE_LOGIN_MAX_FAILURES: "2" },
    });
    app.runtime.telemetry.logger.setLogLevel("INFO");
    const adminEmail = uniqueEmail("audit-admin");
    await app.runtime.services.credentials.ensureAdmin(adminEmail, PASSWORD);
    const admin = (await app.graphql(LOGIN, { email: adminEmail, password: PASSWORD })).body.data
      .login;
    const user = (await app.graphql(SIGN_UP, { email: uniqueEmail("audit"), password: PASSWORD }))
      .body.data.signUp;
    const wrong = { currentPassword: "not the password at all", newPassword: `${PASSWORD}!` };

    const logs = captureLogs();
    try {
      await app.graphql(
        CREATE_USER,
        { email: uniqueEmail("created"), password: PASSWORD, roles: ["ADMIN"] },
        { token: admin.accessToken },
      );
      await app.graphql(
        CREATE_USER,
        { email: uniqueEmail("refused"), password: PASSWORD },
        { token: user.accessToken },
      );
      await app.graphql(
        CREATE_USER,
        { email: "not-an-email", password: PASSWORD },
        { token: admin.accessToken },
      );
      await app.graphql(SIGN_UP, { email: "not-an-email", password: PASSWORD });
      await app.graphql(
        CHANGE_PASSWORD,
        { currentPassword: PASSWORD, newPassword: "short" },
        { token: user.accessToken },
      );
      await app.graphql(CHANGE_PASSWORD, wrong, { token: user.accessToken });
      await app.graphql(CHANGE_PASSWORD, wrong, { token: user.accessToken });
      await app.graphql(CHANGE_PASSWORD, wrong, { token: user.accessToken });
    } finally {
      logs.restore();
    }

    const events = logs
      .records()
      .map((record) => record.audit as Record<string, unknown> | undefined)
      .filter((event) => event !== undefined);
    expect(events).toEqual([
      expect.objectContaining({
        type: "user.created",
        roles: ["ADMIN"],
        by: admin.user.id,
      }),
      { type: "user_create.refused", reason: "FORBIDDEN", by: user.user.id },
      { type: "user_create.invalid", reason: "INVALID_EMAIL", by: admin.user.id },
      { type: "signup.invalid", reason: "INVALID_EMAIL" },
      { type: "password_change.invalid", reason: "WEAK_PASSWORD", by: user.user.id },
      { type: "password_change.refused", reason: "INVALID_CREDENTIALS", by: user.user.id },
      { type: "password_change.refused", reason: "INVALID_CREDENTIALS", by: user.user.id },
      { type: "password_change.rate_limited", reason: "RATE_LIMITED", by: user.user.id },
    ]);
    expect(logs.lines().join("\n")).not.toContain(PASSWORD);
  });
});
