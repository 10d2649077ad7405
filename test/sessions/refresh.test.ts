/**
 * Refresh through the real Lambda handler against the embedded DynamoDB: rotation, reuse
 * detection, refused tokens and the absolute session lifetime (contract: "Tokens",
 * "Revocation semantics").
 */
import { randomUUID } from "node:crypto";
import { fixedClock } from "@gatehouse/testing";
import type { TestApp } from "@gatehouse/testing/http";
import { decodeJwt } from "jose";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  dynamoApp,
  errorOf,
  login,
  ME,
  PASSWORD,
  REFRESH,
  refresh,
  signUp,
  uniqueEmail,
} from "../support/gql.js";
import { sessionsOf, sidOf } from "../support/sessions.js";
import {
  expectAccessRefused,
  expectAccessWorks,
  expectRefreshRefused,
  expectRefreshWorks,
  INVALID_REFRESH_TOKEN,
} from "../support/tokens.js";

const START = Date.UTC(2026, 2, 1, 9, 0, 0);
const SECOND = 1000;

const iso = (epochMs: number) => new Date(epochMs).toISOString();

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
