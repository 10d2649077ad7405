import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { createDocumentClient } from "@gatehouse/core/dynamo";
import { fixedClock } from "@gatehouse/testing";
import type { TestApp } from "@gatehouse/testing/http";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { profileWriter } from "../support/assurance.js";
import { LOCAL } from "../support/dynamo.js";
import { dynamoApp, login, refresh, signUp, uniqueEmail } from "../support/gql.js";

// `auth_time`, `acr` and `amr` (OpenID Connect Core §2, RFC 8176) on every access token, as
// the session remembers them: set at sign-in, carried unchanged by every refresh.

const START = Date.UTC(2026, 0, 1, 12);
const START_S = START / 1000;
const clock = fixedClock(START);
const db = createDocumentClient({ endpoint: inject("dynamoEndpoint"), ...LOCAL });
afterAll(() => db.destroy());
const setProfile = profileWriter();
let app: TestApp;

beforeAll(async () => {
  app = await dynamoApp({ clock });
});
beforeEach(() => clock.set(START));

const assuranceOf = (accessToken: string) => {
  const { auth_time, acr, amr } = decodeJwt(accessToken);
  return { auth_time, acr, amr };
};

describe("assurance claims", () => {
  it("gives signUp's token aal1 pwd with auth_time the time of the sign-up", async () => {
    clock.set(START + 700);
    const { accessToken } = await signUp(app);
    expect(assuranceOf(accessToken)).toEqual({ auth_time: START_S, acr: "aal1", amr: ["pwd"] });
  });

  it("gives login's token aal1 pwd with auth_time the time of the login", async () => {
    const email = uniqueEmail();
    await signUp(app, email);
    clock.advance(3_600_000);
    const { accessToken } = await login(app, email);
    expect(assuranceOf(accessToken)).toEqual({
      auth_time: START_S + 3600,
      acr: "aal1",
      amr: ["pwd"],
    });
  });

  it("carries the session's auth_time, acr and amr unchanged through every refresh", async () => {
    const first = await signUp(app);
    let pair = first;
    for (let step = 1; step <= 3; step++) {
      clock.advance(600_000);
      pair = await refresh(app, pair.refreshToken);
      const claims = decodeJwt(pair.accessToken);
      expect(claims.iat).toBe(START_S + step * 600);
      expect(assuranceOf(pair.accessToken)).toEqual({
        auth_time: START_S,
        acr: "aal1",
        amr: ["pwd"],
      });
    }
  });

  it("never raises acr on refresh, even once the user has a second factor", async () => {
    const first = await signUp(app);
    await setProfile(app, first.user.id, { secondFactors: { totp: true, passkeys: 0 } });
    clock.advance(60_000);
    const next = await refresh(app, first.refreshToken);
    expect(assuranceOf(next.accessToken)).toEqual({
      auth_time: START_S,
      acr: "aal1",
      amr: ["pwd"],
    });
  });

  it("refreshes a session stored without assurance as aal1 pwd authenticated at its creation", async () => {
    const first = await signUp(app);
    const { sid } = decodeJwt(first.accessToken);
    // As the previous version stored it: no authTime, acr or amr on the session item.
    await db.send(
      new UpdateCommand({
        TableName: app.tableName,
        Key: { pk: `USER#${first.user.id}`, sk: `SESSION#${String(sid)}` },
        UpdateExpression: "REMOVE authTime, acr, amr",
        ConditionExpression: "attribute_exists(authTime)",
      }),
    );
    clock.advance(120_000);
    const next = await refresh(app, first.refreshToken);
    expect(assuranceOf(next.accessToken)).toEqual({
      auth_time: START_S,
      acr: "aal1",
      amr: ["pwd"],
    });
  });
});
