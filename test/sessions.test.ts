/**
 * Sessions through the real Lambda handler against the embedded DynamoDB: refresh-token
 * rotation and reuse detection, the absolute session lifetime, the `sessions` list, `logout`
 * and `changePassword` (contract: "Tokens", "Revocation semantics", "Clarifications").
 */
import { randomUUID } from "node:crypto";
import { fixedClock } from "@gatehouse/testing";
import type { TestApp } from "@gatehouse/testing/http";
import { decodeJwt } from "jose";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type AuthPayloadData,
  CHANGE_PASSWORD,
  dataOf,
  dynamoApp,
  errorOf,
  LOGIN,
  LOGOUT,
  login,
  ME,
  PASSWORD,
  REFRESH,
  refresh,
  SESSIONS,
  signUp,
  uniqueEmail,
} from "./support/gql.js";
import {
  expectAccessRefused,
  expectAccessWorks,
  expectInvalidToken,
  expectRefreshRefused,
  expectRefreshWorks,
  INVALID_REFRESH_TOKEN,
} from "./support/tokens.js";

const START = Date.UTC(2026, 2, 1, 9, 0, 0);
const SECOND = 1000;
const DAY = 86_400 * SECOND;
const NEW_PASSWORD = "a different but equally long passphrase";

const INVALID_CREDENTIALS = { code: "UNAUTHENTICATED", message: "Invalid email or password." };

interface SessionData {
  readonly id: string;
  readonly createdAt: string;
  readonly lastUsedAt: string;
  readonly expiresAt: string;
  readonly current: boolean;
}

const iso = (epochMs: number) => new Date(epochMs).toISOString();
/** The session an access token belongs to (its `sid` claim). */
const sidOf = (pair: AuthPayloadData) => decodeJwt(pair.accessToken).sid as string;

async function sessionsOf(app: TestApp, pair: AuthPayloadData): Promise<SessionData[]> {
  return dataOf(await app.graphql(SESSIONS, {}, { token: pair.accessToken }), "sessions");
}

const clock = fixedClock(START);
let app: TestApp;

beforeAll(async () => {
  app = await dynamoApp({ clock });
});

beforeEach(() => clock.set(START));

describe("refresh", () => {
  it("rotates: the new pair works and the presented refresh token is spent", async () => {
    const first = await signUp(app);
    clock.advance(60 * SECOND);

    const second = await refresh(app, first.refreshToken);

    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(second.tokenType).toBe("Bearer");
    expect(second.expiresIn).toBe(900);
    expect(second.user).toEqual(first.user);
    // Rotation keeps the session: the new access token carries the same `sid`.
    expect(sidOf(second)).toBe(sidOf(first));
    expect(decodeJwt(second.accessToken).jti).not.toBe(decodeJwt(first.accessToken).jti);
    await expectAccessWorks(app, second.accessToken);
    const third = await refresh(app, second.refreshToken);
    await expectAccessWorks(app, third.accessToken);
    await expectRefreshRefused(app, first.refreshToken);
  });

  it("reads the user's roles afresh instead of copying them from the old token", async () => {
    const email = uniqueEmail();
    const first = await signUp(app, email);
    expect(decodeJwt(first.accessToken).roles).toEqual(["USER"]);
    // The seeding path adds ADMIN without touching any token.
    await app.runtime.services.credentials.ensureAdmin(email, PASSWORD);

    const next = await refresh(app, first.refreshToken);

    expect(decodeJwt(next.accessToken).roles).toEqual(["USER", "ADMIN"]);
    expect(next.user.roles).toEqual(["USER", "ADMIN"]);
    const me = await app.graphql(ME, {}, { token: next.accessToken });
    expect(me.body.data.me.roles).toEqual(["USER", "ADMIN"]);
  });

  it("ends the whole session when a rotated refresh token is reused", async () => {
    const email = uniqueEmail();
    const first = await signUp(app, email);
    const other = await login(app, email);
    const second = await refresh(app, first.refreshToken);
    await expectAccessWorks(app, second.accessToken);

    // RFC 9700 §4.14.2: the spent token coming back means it leaked (or the client raced).
    await expectRefreshRefused(app, first.refreshToken);

    await expectRefreshRefused(app, second.refreshToken);
    await expectAccessRefused(app, first.accessToken);
    await expectAccessRefused(app, second.accessToken);
    // Only that session ends: the user's other session is untouched.
    await expectAccessWorks(app, other.accessToken);
    await expectRefreshWorks(app, other.refreshToken);
  });

  it("lets exactly one of 20 concurrent refreshes with the same token succeed", async () => {
    const pair = await signUp(app);

    const responses = await Promise.all(
      Array.from({ length: 20 }, () => app.graphql(REFRESH, { refreshToken: pair.refreshToken })),
    );

    expect(responses.map((response) => response.status)).toEqual(Array(20).fill(200));
    const succeeded = responses.filter((response) => response.body.errors === undefined);
    const failed = responses.filter((response) => response.body.errors !== undefined);
    expect(succeeded).toHaveLength(1);
    expect(succeeded[0]?.body.data.refresh.refreshToken).toEqual(expect.any(String));
    expect(failed.map(errorOf)).toEqual(Array(19).fill(INVALID_REFRESH_TOKEN));
  });

  it("refuses refresh tokens that are unknown or malformed with UNAUTHENTICATED", async () => {
    const pair = await signUp(app);
    const secret = "A".repeat(43);
    const refused = [
      "",
      "not-a-refresh-token",
      `${pair.refreshToken}x`,
      `${pair.refreshToken}.extra`,
      pair.refreshToken.replaceAll(".", "-"),
      // Shaped like a refresh token, for a user and a session that do not exist.
      `${randomUUID()}.${"B".repeat(22)}.${secret}`,
      // The caller's own user, a session that does not exist.
      `${pair.user.id}.${"C".repeat(22)}.${secret}`,
      "x".repeat(10_000),
    ];

    for (const refreshToken of refused) await expectRefreshRefused(app, refreshToken);
    // None of that touched the real session.
    await expectRefreshWorks(app, pair.refreshToken);
  });

  it("refuses a forged refresh token naming a real session, and leaves that session alone", async () => {
    const pair = await signUp(app);
    const [user, session] = pair.refreshToken.split(".");
    const forged = `${user}.${session}.${"F".repeat(43)}`;

    await expectRefreshRefused(app, forged);

    // A guess is not reuse: only a token the session really issued can end it.
    await expectAccessWorks(app, pair.accessToken);
    await expectRefreshWorks(app, pair.refreshToken);
  });

  it("refuses an access token passed as the refresh token with UNAUTHENTICATED", async () => {
    const pair = await signUp(app);

    await expectRefreshRefused(app, pair.accessToken);

    await expectAccessWorks(app, pair.accessToken);
  });

  it("ends a session at its absolute lifetime however often it is refreshed", async () => {
    const lifetimeClock = fixedClock(START);
    const short = await dynamoApp({
      clock: lifetimeClock,
      env: { GATEHOUSE_REFRESH_TOKEN_TTL: "3600" },
    });
    const first = await signUp(short);
    const expiresAt = iso(START + 3600 * SECOND);
    expect((await sessionsOf(short, first))[0]?.expiresAt).toBe(expiresAt);

    lifetimeClock.set(START + 1000 * SECOND);
    const second = await refresh(short, first.refreshToken);
    lifetimeClock.set(START + 3599 * SECOND);
    const third = await refresh(short, second.refreshToken);
    const [session] = await sessionsOf(short, third);
    // Refreshing moves lastUsedAt, never the end of the session.
    expect(session?.expiresAt).toBe(expiresAt);
    expect(session?.lastUsedAt).toBe(iso(START + 3599 * SECOND));

    lifetimeClock.set(START + 3600 * SECOND);
    await expectRefreshRefused(short, third.refreshToken);
    // Its access token is only 1 s old, but it expires with the session it belongs to, and
    // is refused once the 5 s of clock tolerance every verifier allows have passed too.
    expect(decodeJwt(third.accessToken).exp).toBe((START + 3600 * SECOND) / SECOND);
    lifetimeClock.set(START + 3605 * SECOND);
    await expectAccessRefused(short, third.accessToken);
    // A new login starts a new session with a full lifetime.
    const again = await login(short, first.user.email);
    const sessions = await sessionsOf(short, again);
    expect(sessions.map((s) => s.id)).toEqual([sidOf(again)]);
    expect(sessions[0]?.expiresAt).toBe(iso(START + 7205 * SECOND));
  });
});

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
