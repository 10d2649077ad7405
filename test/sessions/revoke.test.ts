/**
 * Ending tokens early, through the real Lambda handler against the embedded DynamoDB:
 * `revoke` (RFC 7009), `revokeAllSessions` and `setRoles` (contract: "Revocation semantics",
 * "Clarifications"). How far a revocation reaches (another container, a TTL sweep) is in
 * revocation.test.ts.
 */
import { randomUUID } from "node:crypto";
import { fixedClock, testSigningKeys } from "@gatehouse/testing";
import type { TestApp } from "@gatehouse/testing/http";
import { decodeJwt, generateKeyPair, SignJWT } from "jose";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { expectRefused, expectTrue } from "../support/boolean-mutations.js";
import { FORBIDDEN, NOT_SIGNED_IN } from "../support/errors.js";
import {
  dataOf,
  dynamoApp,
  errorOf,
  login,
  ME,
  REVOKE,
  REVOKE_ALL_SESSIONS,
  refresh,
  SESSIONS,
  SET_ROLES,
  signInAsAdmin,
  signUp,
  uniqueEmail,
} from "../support/gql.js";
import {
  expectAccessRefused,
  expectAccessWorks,
  expectInvalidToken,
  expectRefreshRefused,
  expectRefreshWorks,
  tokenLab,
} from "../support/tokens.js";

/** Mid-second on purpose: cutoffs must hold within the second they are set in. */
const START = Date.UTC(2026, 2, 1, 9, 0, 0) + 500;
const SECOND = 1000;

const clock = fixedClock(START);
let signingKeys: string;
let app: TestApp;

beforeAll(async () => {
  signingKeys = await testSigningKeys();
  app = await dynamoApp({ clock, signingKeys });
});

beforeEach(() => clock.set(START));

describe("revoke", () => {
  it("without an argument revokes only the caller's current access token", async () => {
    const pair = await signUp(app);
    // A second access token of the same session.
    const sibling = await refresh(app, pair.refreshToken);

    await expectTrue(app, REVOKE, {}, pair);

    await expectAccessRefused(app, pair.accessToken);
    await expectAccessWorks(app, sibling.accessToken);
    await expectRefreshWorks(app, sibling.refreshToken);
  });

  it("revokes the caller's own access token named as the argument", async () => {
    const email = uniqueEmail();
    const caller = await signUp(app, email);
    const target = await login(app, email);

    await expectTrue(app, REVOKE, { token: target.accessToken }, caller);

    await expectAccessRefused(app, target.accessToken);
    await expectAccessWorks(app, caller.accessToken);
    // An access token is not its session: the session still refreshes.
    await expectRefreshWorks(app, target.refreshToken);
  });

  it("ends the whole session when given the caller's own refresh token", async () => {
    const email = uniqueEmail();
    const caller = await signUp(app, email);
    const target = await login(app, email);
    const targetSibling = await refresh(app, target.refreshToken);

    await expectTrue(app, REVOKE, { token: targetSibling.refreshToken }, caller);

    await expectRefreshRefused(app, targetSibling.refreshToken);
    await expectAccessRefused(app, target.accessToken);
    await expectAccessRefused(app, targetSibling.accessToken);
    await expectAccessWorks(app, caller.accessToken);
  });

  it("ends the caller's current session when given its own refresh token", async () => {
    const pair = await signUp(app);

    await expectTrue(app, REVOKE, { token: pair.refreshToken }, pair);

    await expectAccessRefused(app, pair.accessToken);
    await expectRefreshRefused(app, pair.refreshToken);
  });

  it("refuses another user's access or refresh token to a non-admin with FORBIDDEN, and has no effect", async () => {
    const caller = await signUp(app);
    const victim = await signUp(app);

    await expectRefused(app, REVOKE, { token: victim.accessToken }, caller, FORBIDDEN);
    await expectRefused(app, REVOKE, { token: victim.refreshToken }, caller, FORBIDDEN);

    await expectAccessWorks(app, victim.accessToken);
    await expectRefreshWorks(app, victim.refreshToken);
    await expectAccessWorks(app, caller.accessToken);
  });

  it("lets an admin revoke anyone's access token or refresh token", async () => {
    const admin = await signInAsAdmin(app);
    const email = uniqueEmail();
    const first = await signUp(app, email);
    const second = await login(app, email);

    await expectTrue(app, REVOKE, { token: first.accessToken }, admin);
    await expectTrue(app, REVOKE, { token: second.refreshToken }, admin);

    await expectAccessRefused(app, first.accessToken);
    await expectRefreshWorks(app, first.refreshToken);
    await expectAccessRefused(app, second.accessToken);
    await expectRefreshRefused(app, second.refreshToken);
    await expectAccessWorks(app, admin.accessToken);
  });

  it("answers true and does nothing for a token that does not verify (RFC 7009 §2.2)", async () => {
    const caller = await signUp(app);
    const victim = await signUp(app);
    const { privateKey } = await generateKeyPair("RS256");
    const claims = decodeJwt(victim.accessToken);
    // The victim's exact claims, signed by a key the app does not hold.
    const forged = await new SignJWT(claims)
      .setProtectedHeader({ alg: "RS256", typ: "at+jwt", kid: "forged" })
      .sign(privateKey);
    const [user, session] = victim.refreshToken.split(".");
    const garbage = [
      "",
      "garbage",
      "a.b.c",
      forged,
      `${victim.accessToken.slice(0, -4)}AAAA`,
      `${user}.${session}.${"G".repeat(43)}`,
      `${randomUUID()}.${"H".repeat(22)}.${"I".repeat(43)}`,
    ];

    for (const token of garbage) await expectTrue(app, REVOKE, { token }, caller);

    await expectAccessWorks(app, caller.accessToken);
    await expectAccessWorks(app, victim.accessToken);
    await expectRefreshWorks(app, victim.refreshToken);
  });

  it("asks an anonymous caller to sign in", async () => {
    const victim = await signUp(app);

    const response = await app.graphql(REVOKE, { token: victim.accessToken });

    expect(response.body.data).toBeNull();
    expect(errorOf(response)).toEqual(NOT_SIGNED_IN);
    await expectAccessWorks(app, victim.accessToken);
  });
});

describe("revokeAllSessions", () => {
  it("ends every token issued before the call, even within the same second and millisecond", async () => {
    const email = uniqueEmail();
    const first = await signUp(app, email);
    clock.advance(200);
    const rotated = await refresh(app, first.refreshToken);
    const other = await login(app, email);
    clock.advance(100);
    // Issued in the very millisecond of the call, just before it.
    const latest = await login(app, email);
    const before = [rotated, other, latest];
    for (const pair of before) {
      expect(Math.floor(clock.now() / SECOND)).toBe(decodeJwt(pair.accessToken).iat);
    }

    await expectTrue(app, REVOKE_ALL_SESSIONS, {}, latest);

    for (const pair of [first, ...before]) await expectAccessRefused(app, pair.accessToken);
    for (const pair of before) await expectRefreshRefused(app, pair.refreshToken);
  });

  it("ends a session's tokens even when one is minted after the call (a refresh racing it)", async () => {
    const lab = await tokenLab(signingKeys, clock);
    const email = uniqueEmail();
    const racing = await signUp(app, email);
    await expectTrue(app, REVOKE_ALL_SESSIONS, {}, racing);
    clock.advance(2 * SECOND);
    const after = await login(app, email);

    // What a refresh that passed its checks just before the call would sign just after it:
    // issued after the access cutoff, in a session started before the session cutoff.
    const minted = await lab.forge(lab.claimsOf(racing));
    const control = await lab.forge(lab.claimsOf(after));

    await expectAccessRefused(app, minted);
    await expectAccessWorks(app, control);
  });

  it("leaves tokens issued after the call working, even within the same millisecond", async () => {
    const email = uniqueEmail();
    const pair = await signUp(app, email);
    await expectTrue(app, REVOKE_ALL_SESSIONS, {}, pair);

    const sameMillisecond = await login(app, email);
    clock.advance(5);
    const later = await login(app, email);

    await expectAccessWorks(app, sameMillisecond.accessToken);
    await expectAccessWorks(app, later.accessToken);
    const refreshed = await expectRefreshWorks(app, sameMillisecond.refreshToken);
    await expectRefreshWorks(app, refreshed.refreshToken);
    await expectRefreshWorks(app, later.refreshToken);
    // The sessions list agrees: only what was started after the call is live.
    const sessions = await app.graphql(SESSIONS, {}, { token: later.accessToken });
    expect(dataOf<{ id: string }[]>(sessions, "sessions").map((s) => s.id)).toEqual([
      decodeJwt(later.accessToken).sid,
      decodeJwt(sameMillisecond.accessToken).sid,
    ]);
  });

  it("accepts the caller's own id", async () => {
    const pair = await signUp(app);

    await expectTrue(app, REVOKE_ALL_SESSIONS, { userId: pair.user.id }, pair);

    await expectAccessRefused(app, pair.accessToken);
    await expectRefreshRefused(app, pair.refreshToken);
  });

  it("refuses a non-admin naming another user with FORBIDDEN, and has no effect", async () => {
    const caller = await signUp(app);
    const victim = await signUp(app);

    await expectRefused(app, REVOKE_ALL_SESSIONS, { userId: victim.user.id }, caller, FORBIDDEN);

    await expectAccessWorks(app, victim.accessToken);
    await expectRefreshWorks(app, victim.refreshToken);
    await expectAccessWorks(app, caller.accessToken);
  });

  it("lets an admin end every session of any user, and only theirs", async () => {
    const admin = await signInAsAdmin(app);
    const email = uniqueEmail();
    const first = await signUp(app, email);
    const second = await login(app, email);
    const bystander = await signUp(app);

    await expectTrue(app, REVOKE_ALL_SESSIONS, { userId: first.user.id }, admin);

    for (const pair of [first, second]) {
      await expectAccessRefused(app, pair.accessToken);
      await expectRefreshRefused(app, pair.refreshToken);
    }
    await expectAccessWorks(app, admin.accessToken);
    await expectAccessWorks(app, bystander.accessToken);
    await expectRefreshWorks(app, bystander.refreshToken);
  });

  it("tells an admin when the id names no user", async () => {
    const admin = await signInAsAdmin(app);

    await expectRefused(app, REVOKE_ALL_SESSIONS, { userId: randomUUID() }, admin, {
      code: "BAD_USER_INPUT",
      message: "No user has this id.",
    });
  });
});

describe("setRoles", () => {
  it("ends the user's older access tokens but not their sessions: the next refresh carries the new roles", async () => {
    const admin = await signInAsAdmin(app);
    const email = uniqueEmail();
    const first = await signUp(app, email);
    const second = await login(app, email);
    clock.advance(100);

    const response = await app.graphql(
      SET_ROLES,
      { userId: first.user.id, roles: ["ADMIN", "USER"] },
      { token: admin.accessToken },
    );

    expect(dataOf(response, "setRoles")).toEqual({ ...first.user, roles: ["USER", "ADMIN"] });
    await expectAccessRefused(app, first.accessToken);
    await expectAccessRefused(app, second.accessToken);
    // Same second as the change: the new token must still count as issued after it.
    const next = await refresh(app, first.refreshToken);
    expect(decodeJwt(next.accessToken).roles).toEqual(["USER", "ADMIN"]);
    expect(next.user.roles).toEqual(["USER", "ADMIN"]);
    const me = await app.graphql(ME, {}, { token: next.accessToken });
    expect(me.status).toBe(200);
    expect(me.body.data.me.roles).toEqual(["USER", "ADMIN"]);
    const fromSecond = await refresh(app, second.refreshToken);
    expect(decodeJwt(fromSecond.accessToken).roles).toEqual(["USER", "ADMIN"]);
    await expectAccessWorks(app, fromSecond.accessToken);
  });

  it("stops a demoted admin's older token from acting as ADMIN at once", async () => {
    const admin = await signInAsAdmin(app);
    const demoted = await signInAsAdmin(app);

    await app.graphql(
      SET_ROLES,
      { userId: demoted.user.id, roles: ["USER"] },
      { token: admin.accessToken },
    );

    const attempt = await app.graphql(
      SET_ROLES,
      { userId: demoted.user.id, roles: ["USER", "ADMIN"] },
      { token: demoted.accessToken },
    );
    expectInvalidToken(attempt);
    const next = await refresh(app, demoted.refreshToken);
    expect(decodeJwt(next.accessToken).roles).toEqual(["USER"]);
    await expectRefused(
      app,
      SET_ROLES,
      { userId: demoted.user.id, roles: ["USER", "ADMIN"] },
      next,
      FORBIDDEN,
    );
  });
});
