/**
 * `endSession(id)` through the real Lambda handler against the embedded DynamoDB: the caller
 * ends one of their own sessions by id (docs/contract.md, "Additions", "Ending one session"),
 * as the account page's "end" button does.
 */
import { fixedClock } from "@gatehouse/testing";
import type { TestApp } from "@gatehouse/testing/http";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { NOT_SIGNED_IN } from "../support/errors.js";
import { dataOf, dynamoApp, errorOf, login, signUp, uniqueEmail } from "../support/gql.js";
import { sessionsOf, sidOf } from "../support/sessions.js";
import {
  expectAccessRefused,
  expectAccessWorks,
  expectRefreshRefused,
  expectRefreshWorks,
} from "../support/tokens.js";

const END_SESSION = "mutation EndSession($id: ID!) { endSession(id: $id) }";
const START = Date.UTC(2026, 2, 1, 9, 0, 0);
const SECOND = 1000;

const clock = fixedClock(START);
let app: TestApp;

beforeAll(async () => {
  app = await dynamoApp({ clock });
});

beforeEach(() => clock.set(START));

async function endSession(app: TestApp, token: string, id: string): Promise<unknown> {
  return dataOf(await app.graphql(END_SESSION, { id }, { token }), "endSession");
}

describe("endSession", () => {
  it("ends another session of the caller's: its access and refresh tokens stop working", async () => {
    const email = uniqueEmail();
    const first = await signUp(app, email);
    clock.advance(SECOND);
    const second = await login(app, email);

    expect(await endSession(app, first.accessToken, sidOf(second))).toBe(true);

    await expectAccessRefused(app, second.accessToken);
    await expectRefreshRefused(app, second.refreshToken);
    await expectAccessWorks(app, first.accessToken);
    await expectRefreshWorks(app, first.refreshToken);
    expect((await sessionsOf(app, first)).map((session) => session.id)).toEqual([sidOf(first)]);
  });

  it("ends the current session like logout", async () => {
    const pair = await signUp(app);

    expect(await endSession(app, pair.accessToken, sidOf(pair))).toBe(true);

    await expectAccessRefused(app, pair.accessToken);
    await expectRefreshRefused(app, pair.refreshToken);
  });

  it("answers false and ends nothing for another user's session", async () => {
    const caller = await signUp(app);
    const victim = await signUp(app);

    expect(await endSession(app, caller.accessToken, sidOf(victim))).toBe(false);

    await expectAccessWorks(app, victim.accessToken);
    await expectRefreshWorks(app, victim.refreshToken);
  });

  it("answers false for an unknown, malformed or already ended session id", async () => {
    const email = uniqueEmail();
    const caller = await signUp(app, email);
    const other = await login(app, email);
    const ended = sidOf(other);
    expect(await endSession(app, caller.accessToken, ended)).toBe(true);

    expect(await endSession(app, caller.accessToken, ended)).toBe(false);
    expect(await endSession(app, caller.accessToken, "not-a-session-id")).toBe(false);
    expect(await endSession(app, caller.accessToken, `${ended.slice(0, -2)}zz`)).toBe(false);
    await expectAccessWorks(app, caller.accessToken);
  });

  it("refuses a caller who is not signed in", async () => {
    const pair = await signUp(app);

    const response = await app.graphql(END_SESSION, { id: sidOf(pair) });

    expect(response.body.data).toBeNull();
    expect(errorOf(response)).toEqual(NOT_SIGNED_IN);
    await expectAccessWorks(app, pair.accessToken);
  });
});
