/**
 * What an attacker could do with timing and repetition rather than with a forged token: replay
 * a spent refresh token until the user's profile item overflows, or log in with a password at
 * the moment it is being replaced. Through the real handler against the embedded DynamoDB.
 */
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { createDocumentClient } from "@gatehouse/core/dynamo";
import type { TestApp } from "@gatehouse/testing/http";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  type AuthPayloadData,
  CHANGE_PASSWORD,
  dataOf,
  dynamoApp,
  errorOf,
  LOGIN,
  login,
  PASSWORD,
  REFRESH,
  refresh,
  SESSIONS,
  signUp,
  uniqueEmail,
} from "../support/gql.js";
import {
  expectAccessRefused,
  expectAccessWorks,
  expectRefreshRefused,
  expectRefreshWorks,
  INVALID_REFRESH_TOKEN,
} from "../support/tokens.js";

const NEW_PASSWORD = "a different but equally long passphrase";

const db = createDocumentClient({
  endpoint: inject("dynamoEndpoint"),
  region: "local",
  credentials: { accessKeyId: "local", secretAccessKey: "local" },
});
let app: TestApp;

beforeAll(async () => {
  app = await dynamoApp();
});

afterAll(() => {
  db.destroy();
});

/** The user's profile item as stored: what every authenticated request reads. */
async function profileItem(userId: string) {
  const { Item } = await db.send(
    new GetCommand({
      TableName: app.tableName,
      Key: { pk: `USER#${userId}`, sk: "PROFILE" },
      ConsistentRead: true,
    }),
  );
  return Item ?? {};
}

/** A distinct source address per request, so the per-source limit is not what is tested. */
const sourceIp = (n: number) => `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;

describe("a spent refresh token replayed over and over", () => {
  it("leaves the user's other sessions working and the profile item unchanged after 1,000 replays", {
    timeout: 180_000,
  }, async () => {
    const email = uniqueEmail();
    const victim = await signUp(app, email);
    const other = await login(app, email);
    const stolen = await login(app, email);
    // The thief's token is rotated once (by its rightful client): the first replay is reuse
    // and ends that one session, as RFC 9700 §4.14.2 wants.
    await refresh(app, stolen.refreshToken);
    const first = await app.graphql(REFRESH, { refreshToken: stolen.refreshToken });
    expect(errorOf(first)).toEqual(INVALID_REFRESH_TOKEN);
    const before = JSON.stringify(await profileItem(victim.user.id));

    // Then it is replayed, from many addresses, in bursts: each replay must change nothing.
    for (let burst = 0; burst < 40; burst++) {
      const replies = await Promise.all(
        Array.from({ length: 25 }, (_, i) =>
          app.graphql(
            REFRESH,
            { refreshToken: stolen.refreshToken },
            { sourceIp: sourceIp(burst * 25 + i + 1) },
          ),
        ),
      );
      for (const reply of replies) expect(errorOf(reply)).toEqual(INVALID_REFRESH_TOKEN);
    }

    expect(JSON.stringify(await profileItem(victim.user.id))).toBe(before);
    await expectAccessWorks(app, victim.accessToken);
    await expectAccessWorks(app, other.accessToken);
    await expectRefreshWorks(app, other.refreshToken);
    const sessions = dataOf<unknown[]>(
      await app.graphql(SESSIONS, {}, { token: victim.accessToken }),
      "sessions",
    );
    expect(sessions).toHaveLength(2);
  });
});

describe("logins with the old password while changePassword runs", () => {
  const TRIALS = 12;
  const CONCURRENT_LOGINS = 3;

  it(`starts no session that survives the change, in ${TRIALS} trials of ${CONCURRENT_LOGINS} concurrent logins`, async () => {
    const survivors: string[] = [];
    for (let trial = 0; trial < TRIALS; trial++) {
      const email = uniqueEmail("race");
      const owner = await signUp(app, email);
      // The logins are sent first and the change in the same tick: each login has checked the
      // old password, or will, while the change is hashing and writing.
      const logins = Array.from({ length: CONCURRENT_LOGINS }, (_, i) =>
        app.graphql(LOGIN, { email, password: PASSWORD }, { sourceIp: sourceIp(trial * 10 + i) }),
      );
      const change = app.graphql(
        CHANGE_PASSWORD,
        { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
        { token: owner.accessToken },
      );
      expect(dataOf(await change, "changePassword")).toBe(true);
      for (const response of await Promise.all(logins)) {
        if (response.body.errors !== undefined) continue;
        const session = response.body.data.login as AuthPayloadData;
        const access = await app.graphql(SESSIONS, {}, { token: session.accessToken });
        const renewed = await app.graphql(REFRESH, { refreshToken: session.refreshToken });
        if (access.status !== 401 || renewed.body.errors === undefined) {
          survivors.push(`trial ${trial}`);
        }
      }
      await expectAccessWorks(app, owner.accessToken);
      await expectAccessWorks(app, (await login(app, email, NEW_PASSWORD)).accessToken);
    }
    expect(survivors).toEqual([]);
  });

  it("ends a session started with the old password just before the change, access and refresh", async () => {
    const email = uniqueEmail();
    const owner = await signUp(app, email);
    const early = await login(app, email);

    const change = await app.graphql(
      CHANGE_PASSWORD,
      { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
      { token: owner.accessToken },
    );

    expect(dataOf(change, "changePassword")).toBe(true);
    await expectAccessRefused(app, early.accessToken);
    await expectRefreshRefused(app, early.refreshToken);
  });
});
