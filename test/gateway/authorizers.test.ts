/**
 * The gateway authorizers through the real runtime against the embedded DynamoDB, invoked with
 * events in the shapes AWS documents: they accept exactly what the GraphQL handler accepts
 * (signature, claims, then one revocation read) and fail closed.
 */
import type { Stores } from "@gatehouse/core";
import {
  ACCESS,
  createApiGatewayAuthorizer,
  createAppSyncAuthorizer,
  createRuntime,
  parseConfig,
} from "@gatehouse/functions";
import { fastHasher, fixedClock, mailbox, memoryStores, testSigningKeys } from "@gatehouse/testing";
import {
  appSyncAuthorizerEvent,
  captureLogs,
  httpApiAuthorizerEvent,
  TEST_ISSUER,
  type TestApp,
} from "@gatehouse/testing/http";
import { decodeJwt } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { profileWriter } from "../support/assurance.js";
import {
  dynamoApp,
  errorOf,
  LOGOUT,
  REVOKE,
  signInAsAdmin,
  signUp,
  USERS,
} from "../support/gql.js";
import { withBadSignature } from "../support/tokens.js";

let app: TestApp;
let gateway: ReturnType<typeof createApiGatewayAuthorizer>;
let appSync: ReturnType<typeof createAppSyncAuthorizer>;

beforeAll(async () => {
  app = await dynamoApp();
  gateway = createApiGatewayAuthorizer(app.runtime);
  appSync = createAppSyncAuthorizer(app.runtime);
});

/** The caller context both authorizers should derive from a token's claims. */
function contextOf(token: string) {
  const claims = decodeJwt(token);
  return {
    sub: claims.sub,
    roles: (claims.roles as string[]).join(","),
    sid: claims.sid,
    jti: claims.jti,
    auth_time: String(claims.auth_time),
    acr: claims.acr,
    amr: (claims.amr as string[]).join(","),
  };
}

/** A runtime on the same keys whose store is memory that `stores` can break. */
async function runtimeWith(stores: Stores) {
  return createRuntime(
    parseConfig({
      GATEHOUSE_ISSUER: TEST_ISSUER,
      GATEHOUSE_TABLE_NAME: "gatehouse-authorizer-table",
      GATEHOUSE_SIGNING_KEYS: await testSigningKeys(),
    }),
    // Sign-up mails a verification link: into a mailbox, not to SES.
    { stores, hasher: fastHasher(), hooks: { mail: mailbox() } },
  );
}

/** Memory stores whose revocation read fails with an SDK-like error full of internals. */
function throwingStores(): Stores {
  const stores = memoryStores();
  return {
    ...stores,
    revocations: {
      read: async () => {
        throw new Error(
          "AccessDeniedException: User arn:aws:sts::123456789012:assumed-role/x is not authorized to perform dynamodb:GetItem on table gatehouse-authorizer-table",
        );
      },
    },
  };
}

describe("apiGatewayAuthorizer (HTTP API, payload 2.0, simple responses)", () => {
  it("authorizes a valid token and passes sub, roles, sid and jti on as strings", async () => {
    const { accessToken } = await signUp(app);

    const result = await gateway(httpApiAuthorizerEvent(`Bearer ${accessToken}`));

    expect(result).toEqual({ isAuthorized: true, context: contextOf(accessToken) });
    expect(result).toMatchObject({ context: { roles: "USER" } });
  });

  it("passes auth_time, acr and amr on as strings", async () => {
    const { accessToken } = await signUp(app);
    const { auth_time } = decodeJwt(accessToken);

    const result = await gateway(httpApiAuthorizerEvent(`Bearer ${accessToken}`));

    expect(result).toMatchObject({
      isAuthorized: true,
      context: { auth_time: String(auth_time), acr: "aal1", amr: "pwd" },
    });
    const appSyncResult = await appSync(appSyncAuthorizerEvent(accessToken));
    expect(appSyncResult).toMatchObject({
      resolverContext: { auth_time: String(auth_time), acr: "aal1", amr: "pwd" },
    });
  });

  it("passes an ADMIN's roles as one comma-separated string", async () => {
    const { accessToken } = await signInAsAdmin(app);

    const result = await gateway(httpApiAuthorizerEvent(`Bearer ${accessToken}`));

    expect(result).toMatchObject({ isAuthorized: true, context: { roles: "USER,ADMIN" } });
  });

  it("denies a request without an Authorization header", async () => {
    expect(await gateway(httpApiAuthorizerEvent())).toEqual({ isAuthorized: false });
  });

  it("denies malformed, tampered and non-bearer credentials", async () => {
    const { accessToken } = await signUp(app);
    for (const authorization of [
      "Bearer not-a-jwt",
      `Bearer ${accessToken}x`,
      `Basic ${Buffer.from("ada:secret").toString("base64")}`,
      accessToken,
      // A repeated header, as API Gateway joins it.
      `Bearer ${accessToken}, Bearer ${accessToken}`,
    ]) {
      expect(await gateway(httpApiAuthorizerEvent(authorization)), authorization).toEqual({
        isAuthorized: false,
      });
    }
  });

  it("denies a genuine token whose signature carries base64 padding", async () => {
    const { accessToken } = await signUp(app);
    expect((await gateway(httpApiAuthorizerEvent(`Bearer ${accessToken}`))).isAuthorized).toBe(
      true,
    );

    expect(await gateway(httpApiAuthorizerEvent(`Bearer ${accessToken}==`))).toEqual({
      isAuthorized: false,
    });
    expect(await appSync(appSyncAuthorizerEvent(`${accessToken}==`))).toEqual({
      isAuthorized: false,
      ttlOverride: 0,
    });
  });

  it("denies an Authorization value that is not a string, such as a list past the 8 KiB cap", async () => {
    const { accessToken } = await signUp(app);
    const bearer = `Bearer ${accessToken}`;
    // A list's length counts items, not characters: one item of any size passed the cap.
    const oversized = `${bearer}${" ".repeat(9000)}`;
    for (const authorization of [[bearer], [oversized], [bearer, bearer], 42, { bearer }, null]) {
      const event = httpApiAuthorizerEvent();
      (event.headers as Record<string, unknown>).authorization = authorization;
      expect(await gateway(event), JSON.stringify(authorization)).toEqual({ isAuthorized: false });
    }
  });

  it("denies a malformed event instead of throwing, even with a valid token", async () => {
    const { accessToken } = await signUp(app);
    const { requestContext: _, ...withoutContext } = httpApiAuthorizerEvent(
      `Bearer ${accessToken}`,
    );
    const noRequestId = httpApiAuthorizerEvent(`Bearer ${accessToken}`);
    (noRequestId.requestContext as unknown as Record<string, unknown>).requestId = undefined;
    for (const event of [
      withoutContext,
      noRequestId,
      { headers: null },
      {},
      null,
      undefined,
      "x",
    ]) {
      await expect(
        gateway(event as unknown as Parameters<typeof gateway>[0]),
        JSON.stringify(event),
      ).resolves.toEqual({ isAuthorized: false });
    }
  });

  it("denies a token revoked through the API on the very next call", async () => {
    const { accessToken } = await signUp(app);
    const bearer = `Bearer ${accessToken}`;
    expect((await gateway(httpApiAuthorizerEvent(bearer))).isAuthorized).toBe(true);

    expect((await app.graphql(REVOKE, {}, { token: accessToken })).status).toBe(200);

    expect(await gateway(httpApiAuthorizerEvent(bearer))).toEqual({ isAuthorized: false });
  });

  it("denies every token of a session that logged out", async () => {
    const { accessToken } = await signUp(app);

    expect((await app.graphql(LOGOUT, {}, { token: accessToken })).status).toBe(200);

    expect(await gateway(httpApiAuthorizerEvent(`Bearer ${accessToken}`))).toEqual({
      isAuthorized: false,
    });
  });

  it("denies an expired token", async () => {
    const clock = fixedClock(Date.now());
    const timed = await dynamoApp({ tableName: app.tableName, clock });
    const { accessToken } = await signUp(timed);
    const authorize = createApiGatewayAuthorizer(timed.runtime);
    expect((await authorize(httpApiAuthorizerEvent(`Bearer ${accessToken}`))).isAuthorized).toBe(
      true,
    );

    clock.advance((900 + 6) * 1000);

    expect(await authorize(httpApiAuthorizerEvent(`Bearer ${accessToken}`))).toEqual({
      isAuthorized: false,
    });
  });

  it("fails closed when the revocation store is unavailable", async () => {
    const stores = memoryStores();
    const runtime = await runtimeWith(stores);
    const { accessToken } = await runtime.services.credentials.signUp(
      "store.down@example.com",
      "correct horse battery staple",
    );
    const authorize = createApiGatewayAuthorizer(runtime);
    stores.failNext();

    await expect(authorize(httpApiAuthorizerEvent(`Bearer ${accessToken}`))).resolves.toEqual({
      isAuthorized: false,
    });
    // The store answers again: so does the authorizer.
    expect((await authorize(httpApiAuthorizerEvent(`Bearer ${accessToken}`))).isAuthorized).toBe(
      true,
    );
  });

  it("denies on an unexpected error without throwing or passing its text on", async () => {
    const { accessToken } = await signUp(app);
    const runtime = await runtimeWith(throwingStores());
    runtime.telemetry.logger.setLogLevel("INFO");
    const authorize = createApiGatewayAuthorizer(runtime);
    const logs = captureLogs();
    try {
      const result = await authorize(httpApiAuthorizerEvent(`Bearer ${accessToken}`));

      expect(result).toEqual({ isAuthorized: false });
      // Logged by name only: the message may carry the store's text.
      expect(logs.records()).toContainEqual(
        expect.objectContaining({ message: "Unexpected error", name: "Error" }),
      );
      for (const leak of ["AccessDenied", "arn:aws", "gatehouse-authorizer-table"]) {
        expect(logs.lines().join("\n")).not.toContain(leak);
      }
    } finally {
      logs.restore();
    }
  });

  it("records a rejected token in the audit trail, as the GraphQL handler does", async () => {
    const { accessToken } = await signUp(app);
    app.runtime.telemetry.logger.setLogLevel("INFO");
    const logs = captureLogs();
    try {
      await gateway(httpApiAuthorizerEvent(`Bearer ${withBadSignature(accessToken)}`));
      const audit = logs.records().map((record) => record.audit);
      expect(audit).toContainEqual({ type: "token.rejected", reason: "BAD_SIGNATURE" });
      expect(logs.lines().join("\n")).not.toContain(accessToken);
    } finally {
      logs.restore();
      app.runtime.telemetry.logger.setLogLevel("SILENT");
    }
  });
});

describe("the assurance gates at the gateway", () => {
  const setProfile = profileWriter();

  it("denies, in both authorizers, the aal1 token of a user with a second factor", async () => {
    const { accessToken, user } = await signUp(app);
    await setProfile(app, user.id, { secondFactors: { totp: true, passkeys: 0 } });

    expect(await gateway(httpApiAuthorizerEvent(`Bearer ${accessToken}`))).toEqual({
      isAuthorized: false,
    });
    expect(await appSync(appSyncAuthorizerEvent(accessToken))).toEqual({
      isAuthorized: false,
      ttlOverride: 0,
    });
  });

  it("denies an unverified user's token while GATEHOUSE_REQUIRE_VERIFIED_EMAIL=true, and lets a verified one through", async () => {
    const strict = await dynamoApp({
      tableName: app.tableName,
      env: { GATEHOUSE_REQUIRE_VERIFIED_EMAIL: "true" },
    });
    const strictGateway = createApiGatewayAuthorizer(strict.runtime);
    const { accessToken, user } = await signUp(strict);

    expect(await strictGateway(httpApiAuthorizerEvent(`Bearer ${accessToken}`))).toEqual({
      isAuthorized: false,
    });
    await setProfile(strict, user.id, { emailVerified: true });
    expect(await strictGateway(httpApiAuthorizerEvent(`Bearer ${accessToken}`))).toMatchObject({
      isAuthorized: true,
    });
  });
});

describe("appSyncAuthorizer (AWS_LAMBDA)", () => {
  const adminOnly = Object.entries(ACCESS).flatMap(([type, fields]) =>
    Object.entries(fields)
      .filter(([, access]) => access === "admin")
      .map(([field]) => `${type}.${field}`),
  );

  it("authorizes a bare token or a Bearer one, with the caller in resolverContext", async () => {
    const { accessToken } = await signUp(app);

    for (const authorizationToken of [accessToken, `Bearer ${accessToken}`]) {
      expect(await appSync(appSyncAuthorizerEvent(authorizationToken))).toEqual({
        isAuthorized: true,
        resolverContext: contextOf(accessToken),
        deniedFields: adminOnly,
        ttlOverride: 0,
      });
    }
  });

  it("denies a USER exactly the admin-only fields of the shield's rule map", async () => {
    const { accessToken } = await signUp(app);

    const result = await appSync(appSyncAuthorizerEvent(accessToken));

    expect(result).toMatchObject({
      deniedFields: [
        "Query.users",
        "Mutation.createUser",
        "Mutation.setRoles",
        "Mutation.setDisabled",
        "Mutation.sendPasswordReset",
        "Mutation.removeSecondFactors",
      ],
    });
    // The shield refuses the same caller the same field through the GraphQL handler.
    const users = await app.graphql(USERS, { first: 1 }, { token: accessToken });
    expect(errorOf(users)).toEqual({
      code: "FORBIDDEN",
      message: "You are not allowed to do this.",
    });
  });

  it("denies an ADMIN no field", async () => {
    const { accessToken } = await signInAsAdmin(app);

    expect(await appSync(appSyncAuthorizerEvent(accessToken))).toMatchObject({
      isAuthorized: true,
      resolverContext: { roles: "USER,ADMIN" },
      deniedFields: [],
    });
  });

  it("lets AppSync cache an answer no longer than asked, nor than the token lives", async () => {
    const clock = fixedClock(Date.now());
    const timed = await dynamoApp({
      tableName: app.tableName,
      clock,
      env: { GATEHOUSE_APPSYNC_AUTH_TTL: "300" },
    });
    const authorize = createAppSyncAuthorizer(timed.runtime);
    const { accessToken } = await signUp(timed);

    expect(await authorize(appSyncAuthorizerEvent(accessToken))).toMatchObject({
      ttlOverride: 300,
    });

    clock.advance(850 * 1000);
    const { exp } = decodeJwt(accessToken);
    expect(exp).toBeDefined();
    const remaining = (exp ?? 0) - Math.floor(clock.now() / 1000);
    expect(remaining).toBeLessThan(300);
    expect(await authorize(appSyncAuthorizerEvent(accessToken))).toMatchObject({
      isAuthorized: true,
      ttlOverride: remaining,
    });
  });

  it("denies a revoked token, with nothing for AppSync to cache", async () => {
    const { accessToken } = await signUp(app);
    await app.graphql(REVOKE, {}, { token: accessToken });

    expect(await appSync(appSyncAuthorizerEvent(accessToken))).toEqual({
      isAuthorized: false,
      ttlOverride: 0,
    });
  });

  it("denies a malformed event instead of throwing, even with a valid token", async () => {
    const { accessToken } = await signUp(app);
    const { requestContext: _, ...withoutContext } = appSyncAuthorizerEvent(accessToken);
    const listToken = { ...appSyncAuthorizerEvent(accessToken), authorizationToken: [accessToken] };
    for (const event of [
      withoutContext,
      listToken,
      { requestContext: null },
      {},
      null,
      undefined,
    ]) {
      await expect(
        appSync(event as unknown as Parameters<typeof appSync>[0]),
        JSON.stringify(event),
      ).resolves.toEqual({ isAuthorized: false, ttlOverride: 0 });
    }
  });

  it("denies an empty or malformed token", async () => {
    for (const token of ["", "Bearer", "not a token", "Bearer a.b.c"]) {
      expect(await appSync(appSyncAuthorizerEvent(token)), token).toEqual({
        isAuthorized: false,
        ttlOverride: 0,
      });
    }
  });

  it("fails closed when the store fails, whatever the error", async () => {
    const { accessToken } = await signUp(app);
    const stores = memoryStores();
    stores.failNext();
    for (const runtime of [await runtimeWith(stores), await runtimeWith(throwingStores())]) {
      await expect(
        createAppSyncAuthorizer(runtime)(appSyncAuthorizerEvent(accessToken)),
      ).resolves.toEqual({ isAuthorized: false, ttlOverride: 0 });
    }
  });
});

describe("GATEHOUSE_APPSYNC_AUTH_TTL", () => {
  it("is refused outside AppSync's 0 to 3600 seconds", () => {
    expect(() =>
      parseConfig({
        GATEHOUSE_ISSUER: TEST_ISSUER,
        GATEHOUSE_TABLE_NAME: "t",
        GATEHOUSE_SIGNING_KEYS: "{}",
        GATEHOUSE_APPSYNC_AUTH_TTL: "3601",
      }),
    ).toThrow('GATEHOUSE_APPSYNC_AUTH_TTL must be a whole number from 0 to 3600 (got "3601")');
  });
});
