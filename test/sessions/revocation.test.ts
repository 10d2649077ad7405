/**
 * How far a revocation reaches, through the real Lambda handler against the embedded DynamoDB:
 * what a second container on the same table sees, and how long a denied `jti` counts
 * (contract: "Revocation semantics", "Clarifications"). The mutations themselves are in
 * revoke.test.ts.
 */
import { DeleteCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import type { Jti, SessionId, UserId } from "@gatehouse/core";
import { createDocumentClient, dynamoStores, TABLE_SCHEMA } from "@gatehouse/core/dynamo";
import { fixedClock, testSigningKeys } from "@gatehouse/testing";
import type { TestApp } from "@gatehouse/testing/http";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { expectTrue } from "../support/boolean-mutations.js";
import {
  CHANGE_PASSWORD,
  dynamoApp,
  LOGOUT,
  login,
  PASSWORD,
  REVOKE,
  REVOKE_ALL_SESSIONS,
  refresh,
  SET_ROLES,
  signInAsAdmin,
  signUp,
  uniqueEmail,
} from "../support/gql.js";
import {
  expectAccessRefused,
  expectAccessWorks,
  expectRefreshRefused,
  expectRefreshWorks,
} from "../support/tokens.js";

/** Mid-second on purpose: cutoffs must hold within the second they are set in. */
const START = Date.UTC(2026, 2, 1, 9, 0, 0) + 500;
const SECOND = 1000;
const ACCESS_TTL_SECONDS = 900;

const clock = fixedClock(START);
let signingKeys: string;
let app: TestApp;

beforeAll(async () => {
  signingKeys = await testSigningKeys();
  app = await dynamoApp({ clock, signingKeys });
});

beforeEach(() => clock.set(START));

describe("two containers on the same table", () => {
  let other: TestApp;

  beforeAll(async () => {
    // Built independently: its own runtime, clients and caches; only the table and keys shared.
    other = await dynamoApp({ clock, signingKeys, tableName: app.tableName });
  });

  it("accept each other's tokens", async () => {
    const pair = await signUp(app);

    await expectAccessWorks(other, pair.accessToken);
    await expectRefreshWorks(other, pair.refreshToken);
  });

  it("see a revoke made in the other on the very next request", async () => {
    const pair = await signUp(app);
    await expectAccessWorks(other, pair.accessToken);

    await expectTrue(app, REVOKE, {}, pair);

    await expectAccessRefused(other, pair.accessToken);
  });

  it("see a logout made in the other on the very next request", async () => {
    const pair = await signUp(other);
    await expectAccessWorks(app, pair.accessToken);

    await expectTrue(other, LOGOUT, {}, pair);

    await expectAccessRefused(app, pair.accessToken);
    await expectRefreshRefused(app, pair.refreshToken);
  });

  it("see revokeAllSessions and setRoles made in the other on the very next request", async () => {
    const admin = await signInAsAdmin(app);
    const first = await signUp(app);
    const second = await signUp(app);
    await expectAccessWorks(other, first.accessToken);
    await expectAccessWorks(other, second.accessToken);

    await expectTrue(app, REVOKE_ALL_SESSIONS, {}, first);
    await app.graphql(
      SET_ROLES,
      { userId: second.user.id, roles: ["USER"] },
      { token: admin.accessToken },
    );

    await expectAccessRefused(other, first.accessToken);
    await expectRefreshRefused(other, first.refreshToken);
    await expectAccessRefused(other, second.accessToken);
    await expectRefreshWorks(other, second.refreshToken);
  });

  it("see the sessions a changePassword in the other ended on the very next request", async () => {
    const email = uniqueEmail();
    const kept = await signUp(app, email);
    const ended = await login(app, email);
    await expectAccessWorks(app, ended.accessToken);

    await expectTrue(
      other,
      CHANGE_PASSWORD,
      { currentPassword: PASSWORD, newPassword: `${PASSWORD} and more` },
      kept,
    );

    await expectAccessRefused(app, ended.accessToken);
    await expectRefreshRefused(app, ended.refreshToken);
    await expectAccessWorks(app, kept.accessToken);
  });

  it("detect reuse of a refresh token rotated in the other", async () => {
    const pair = await signUp(app);
    const next = await refresh(app, pair.refreshToken);

    await expectRefreshRefused(other, pair.refreshToken);

    await expectAccessRefused(app, next.accessToken);
    await expectRefreshRefused(app, next.refreshToken);
  });
});

describe("a denied access token", () => {
  const endpoint = () => inject("dynamoEndpoint");
  const local = {
    region: "local",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  };
  let db: ReturnType<typeof createDocumentClient>;

  beforeAll(() => {
    db = createDocumentClient({ endpoint: endpoint(), ...local });
  });
  afterAll(() => db.destroy());

  /**
   * Deletes every item whose TTL has passed at the test clock's time: the most DynamoDB's
   * TTL sweeper may ever do (it deletes late, never early).
   */
  async function sweepExpired(tableName: string): Promise<number> {
    const ttl = TABLE_SCHEMA.ttlAttribute;
    const { Items = [] } = await db.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: "#ttl < :now",
        ExpressionAttributeNames: { "#ttl": ttl },
        ExpressionAttributeValues: { ":now": Math.floor(clock.now() / SECOND) },
      }),
    );
    for (const item of Items) {
      await db.send(new DeleteCommand({ TableName: tableName, Key: { pk: item.pk, sk: item.sk } }));
    }
    return Items.length;
  }

  it("stays revoked until its exp, skew included, even after a TTL sweep", async () => {
    const email = uniqueEmail();
    const revoked = await signUp(app, email);
    // Same iat, same session: the control that proves only the denial refuses `revoked`.
    const control = await refresh(app, revoked.refreshToken);
    const exp = decodeJwt(revoked.accessToken).exp ?? 0;
    expect(decodeJwt(control.accessToken).exp).toBe(exp);
    await expectTrue(app, REVOKE, {}, revoked);

    clock.set(exp * SECOND - 1);
    await sweepExpired(app.tableName);
    await expectAccessRefused(app, revoked.accessToken);
    await expectAccessWorks(app, control.accessToken);

    // Verification still accepts an exp up to 5 s ago (clock skew), so the denial must too.
    clock.set((exp + 4) * SECOND);
    await sweepExpired(app.tableName);
    await expectAccessRefused(app, revoked.accessToken);
    await expectAccessWorks(app, control.accessToken);

    clock.set((exp + 6) * SECOND);
    await expectAccessRefused(app, revoked.accessToken);
    await expectAccessRefused(app, control.accessToken);
  });

  it("stops counting once its token has expired, whether or not TTL has removed it", async () => {
    const pair = await signUp(app);
    const { sub, sid, jti, exp = 0 } = decodeJwt(pair.accessToken);
    await expectTrue(app, REVOKE, {}, pair);
    const stores = dynamoStores(db, app.tableName);
    const read = (now: number) =>
      stores.revocations.read({
        userId: sub as UserId,
        sessionId: sid as SessionId,
        jti: jti as Jti,
        now,
      });

    expect((await read((exp + 5) * SECOND - 1)).jtiDenied).toBe(true);
    // Local engines never delete by TTL, and DynamoDB may take days: the entry is still
    // there, yet expiry is decided by the entry's own time, not by its presence.
    expect((await read((exp + 5) * SECOND)).jtiDenied).toBe(false);
    expect((await read((exp + 3600) * SECOND)).jtiDenied).toBe(false);
  });

  it("lasts exactly the token's lifetime when revoked late in it", async () => {
    const pair = await signUp(app);
    const control = await refresh(app, pair.refreshToken);
    clock.advance((ACCESS_TTL_SECONDS - 10) * SECOND);

    await expectTrue(app, REVOKE, { token: pair.accessToken }, control);

    clock.advance(9 * SECOND);
    await expectAccessRefused(app, pair.accessToken);
    await expectAccessWorks(app, control.accessToken);
  });
});
