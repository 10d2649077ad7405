/**
 * Sessions through the real Lambda handler against the embedded DynamoDB: the `sessions`
 * list, `logout` and `changePassword` (contract: "Tokens", "Revocation semantics",
 * "Clarifications"). Refresh is in refresh.test.ts.
 */
import { fixedClock } from "@gatehouse/testing";
import type { TestApp } from "@gatehouse/testing/http";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { INVALID_CREDENTIALS } from "../support/errors.js";
import {
  type AuthPayloadData,
  CHANGE_PASSWORD,
  dataOf,
  dynamoApp,
  errorOf,
  LOGIN,
  LOGOUT,
  login,
  PASSWORD,
  refresh,
  SESSIONS,
  signUp,
  uniqueEmail,
} from "../support/gql.js";
import { sessionsOf, sidOf } from "../support/sessions.js";
import {
  expectAccessRefused,
  expectAccessWorks,
  expectInvalidToken,
  expectRefreshRefused,
  expectRefreshWorks,
} from "../support/tokens.js";

const START = Date.UTC(2026, 2, 1, 9, 0, 0);
const SECOND = 1000;
const DAY = 86_400 * SECOND;
const NEW_PASSWORD = "a different but equally long passphrase";

const iso = (epochMs: number) => new Date(epochMs).toISOString();

const clock = fixedClock(START);
let app: TestApp;

beforeAll(async () => {
  app = await dynamoApp({ clock });
});

beforeEach(() => clock.set(START));

describe("sessions", () => {
  it("lists the caller's live sessions newest first, with exactly the current one marked", async () => {
    const email = uniqueEmail();
    const first = await signUp(app, email);
    clock.advance(SECOND);
    const second = await login(app, email);
    clock.advance(SECOND);
    const third = await login(app, email);
    // Someone else's session never shows up.
    await signUp(app);

    const sessions = await sessionsOf(app, second);

    expect(sessions).toEqual([
      {
        id: sidOf(third),
        createdAt: iso(START + 2 * SECOND),
        lastUsedAt: iso(START + 2 * SECOND),
        expiresAt: iso(START + 2 * SECOND + 30 * DAY),
        current: false,
      },
      {
        id: sidOf(second),
        createdAt: iso(START + SECOND),
        lastUsedAt: iso(START + SECOND),
        expiresAt: iso(START + SECOND + 30 * DAY),
        current: true,
      },
      {
        id: sidOf(first),
        createdAt: iso(START),
        lastUsedAt: iso(START),
        expiresAt: iso(START + 30 * DAY),
        current: false,
      },
    ]);
    // Each caller sees their own session as the current one.
    const fromFirst = await sessionsOf(app, first);
    expect(fromFirst.filter((s) => s.current).map((s) => s.id)).toEqual([sidOf(first)]);
  });

  it("shows a refresh as lastUsedAt and keeps the session current for the new access token", async () => {
    const pair = await signUp(app);
    clock.advance(90 * SECOND);

    const next = await refresh(app, pair.refreshToken);

    expect(await sessionsOf(app, next)).toEqual([
      {
        id: sidOf(pair),
        createdAt: iso(START),
        lastUsedAt: iso(START + 90 * SECOND),
        expiresAt: iso(START + 30 * DAY),
        current: true,
      },
    ]);
  });

  it("drops sessions once they have ended, whichever way they ended", async () => {
    const email = uniqueEmail();
    const kept = await signUp(app, email);
    const loggedOut = await login(app, email);
    const reused = await login(app, email);
    await dataOf(await app.graphql(LOGOUT, {}, { token: loggedOut.accessToken }), "logout");
    await refresh(app, reused.refreshToken);
    await expectRefreshRefused(app, reused.refreshToken);

    const sessions = await sessionsOf(app, kept);

    expect(sessions.map((s) => s.id)).toEqual([sidOf(kept)]);
  });

  it("lists at most the 100 newest live sessions, newest first, however many the user has", async () => {
    const email = uniqueEmail();
    const oldest = await signUp(app, email);
    const started: AuthPayloadData[] = [oldest];
    for (let i = 0; i < 104; i++) {
      clock.advance(SECOND);
      started.push(await login(app, email));
    }
    const newest = started.at(-1) as AuthPayloadData;
    // A few of the newest ended: they make room for older live ones, not gaps.
    for (const pair of started.slice(-3, -1)) {
      await app.graphql(LOGOUT, {}, { token: pair.accessToken });
    }

    const listed = await sessionsOf(app, newest);

    const live = [...started.slice(0, -3), newest].reverse();
    expect(listed.map((session) => session.id)).toEqual(live.slice(0, 100).map(sidOf));
    expect(listed[0]?.current).toBe(true);
  });

  it("asks an anonymous caller to sign in", async () => {
    const response = await app.graphql(SESSIONS);

    expect(response.status).toBe(200);
    expect(response.body.data).toBeNull();
    expect(errorOf(response)).toEqual({
      code: "UNAUTHENTICATED",
      message: "You must be signed in.",
    });
  });
});

describe("logout", () => {
  it("ends the current session: its access tokens and its refresh token stop working", async () => {
    const email = uniqueEmail();
    const pair = await signUp(app, email);
    const other = await login(app, email);
    // A second access token of the same session, minted before the logout.
    const rotated = await refresh(app, pair.refreshToken);

    const response = await app.graphql(LOGOUT, {}, { token: rotated.accessToken });

    expect(dataOf(response, "logout")).toBe(true);
    await expectAccessRefused(app, rotated.accessToken);
    await expectAccessRefused(app, pair.accessToken);
    await expectRefreshRefused(app, rotated.refreshToken);
    // Other sessions of the same user keep working.
    await expectAccessWorks(app, other.accessToken);
    await expectRefreshWorks(app, other.refreshToken);
  });

  it("asks an anonymous caller to sign in", async () => {
    const response = await app.graphql(LOGOUT);

    expect(response.status).toBe(200);
    expect(response.body.data).toBeNull();
    expect(errorOf(response)).toEqual({
      code: "UNAUTHENTICATED",
      message: "You must be signed in.",
    });
  });

  it("answers 401 to a second logout with the same access token", async () => {
    const pair = await signUp(app);
    await app.graphql(LOGOUT, {}, { token: pair.accessToken });

    const again = await app.graphql(LOGOUT, {}, { token: pair.accessToken });

    expectInvalidToken(again);
  });
});

describe("changePassword", () => {
  const change = (pair: AuthPayloadData, currentPassword: string, newPassword: string) =>
    app.graphql(CHANGE_PASSWORD, { currentPassword, newPassword }, { token: pair.accessToken });

  it("ends every other session and keeps the current one", async () => {
    const email = uniqueEmail();
    const current = await signUp(app, email);
    const otherA = await login(app, email);
    const otherB = await login(app, email);
    const otherBRotated = await refresh(app, otherB.refreshToken);

    expect(dataOf(await change(current, PASSWORD, NEW_PASSWORD), "changePassword")).toBe(true);

    await expectAccessRefused(app, otherA.accessToken);
    await expectRefreshRefused(app, otherA.refreshToken);
    await expectAccessRefused(app, otherBRotated.accessToken);
    await expectRefreshRefused(app, otherBRotated.refreshToken);
    await expectAccessWorks(app, current.accessToken);
    const next = await refresh(app, current.refreshToken);
    await expectAccessWorks(app, next.accessToken);
    expect((await sessionsOf(app, next)).map((s) => s.id)).toEqual([sidOf(current)]);
  });

  it("makes the new password the one that logs in, and the old one fail", async () => {
    const email = uniqueEmail();
    const pair = await signUp(app, email);

    await change(pair, PASSWORD, NEW_PASSWORD);

    await expectAccessWorks(app, (await login(app, email, NEW_PASSWORD)).accessToken);
    const old = await app.graphql(LOGIN, { email, password: PASSWORD });
    expect(old.body.data).toBeNull();
    expect(errorOf(old)).toEqual(INVALID_CREDENTIALS);
  });

  it("refuses a wrong current password with UNAUTHENTICATED and changes nothing", async () => {
    const email = uniqueEmail();
    const pair = await signUp(app, email);
    const other = await login(app, email);

    const response = await change(pair, "not the password at all, sorry", NEW_PASSWORD);

    expect(response.status).toBe(200);
    expect(response.body.data).toBeNull();
    expect(errorOf(response)).toEqual(INVALID_CREDENTIALS);
    await expectAccessWorks(app, other.accessToken);
    await expectAccessWorks(app, (await login(app, email, PASSWORD)).accessToken);
    const withNew = await app.graphql(LOGIN, { email, password: NEW_PASSWORD });
    expect(errorOf(withNew)).toEqual(INVALID_CREDENTIALS);
  });

  it("refuses a weak new password with BAD_USER_INPUT and changes nothing", async () => {
    const email = uniqueEmail();
    const pair = await signUp(app, email);
    const other = await login(app, email);

    const response = await change(pair, PASSWORD, "short");

    expect(response.status).toBe(200);
    expect(response.body.data).toBeNull();
    expect(errorOf(response)).toEqual({
      code: "BAD_USER_INPUT",
      message: "The password must be 15 to 256 characters long.",
    });
    await expectAccessWorks(app, other.accessToken);
    await expectAccessWorks(app, (await login(app, email, PASSWORD)).accessToken);
  });
});
