import { all, type GatehouseParts, hasRole, recentSignIn } from "@gatehouse/functions";
import { fixedClock, testSigningKeys } from "@gatehouse/testing";
import type { TestApp } from "@gatehouse/testing/http";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { profileWriter } from "../support/assurance.js";
import { FORBIDDEN, MFA_REQUIRED, REAUTHENTICATION_REQUIRED } from "../support/errors.js";
import { dataOf, dynamoApp, errorOf, login, refresh, signUp, uniqueEmail } from "../support/gql.js";
import { type TokenLab, tokenLab } from "../support/tokens.js";

// "Recent" (contract v2): `auth_time` within GATEHOUSE_REAUTH_MAX_AGE, and aal2 for a user
// with a second factor, else REAUTHENTICATION_REQUIRED; here on a team's sensitive fields.

const START = Date.UTC(2026, 0, 1, 12);
const clock = fixedClock(START);
const setProfile = profileWriter();

const SENSITIVE: GatehouseParts = {
  typeDefs: /* GraphQL */ `
    extend type Mutation {
      closeAccount: Boolean!
      purgeEverything: Boolean!
    }
  `,
  resolvers: { Mutation: { closeAccount: () => true, purgeEverything: () => true } },
  rules: {
    Mutation: { closeAccount: recentSignIn, purgeEverything: all(hasRole("EDITOR"), recentSignIn) },
  },
};
const CLOSE = "mutation { closeAccount }";
const PURGE = "mutation { purgeEverything }";

let app: TestApp;
let lab: TokenLab;

beforeAll(async () => {
  const signingKeys = await testSigningKeys();
  app = await dynamoApp({
    clock,
    signingKeys,
    env: { GATEHOUSE_ROLES: "USER,EDITOR,ADMIN" },
    gatehouse: SENSITIVE,
  });
  lab = await tokenLab(signingKeys, clock);
});
beforeEach(() => clock.set(START));

const close = (token: string) => app.graphql(CLOSE, {}, { token });

describe("the recent sign-in rule", () => {
  it("allows a sensitive field 299 s after the sign-in and refuses it at 301 s", async () => {
    const { accessToken } = await signUp(app);
    clock.advance(299_000);
    expect(dataOf(await close(accessToken), "closeAccount")).toBe(true);
    clock.advance(2_000);
    const response = await close(accessToken);
    expect(response.status).toBe(200);
    expect(errorOf(response)).toEqual(REAUTHENTICATION_REQUIRED);
    expect(response.body.data).toBeNull();
  });

  it("is not made recent by a refresh, only by signing in again", async () => {
    const email = uniqueEmail();
    const first = await signUp(app, email);
    clock.advance(301_000);
    const refreshed = await refresh(app, first.refreshToken);
    expect(errorOf(await close(refreshed.accessToken))).toEqual(REAUTHENTICATION_REQUIRED);
    const again = await login(app, email);
    expect(dataOf(await close(again.accessToken), "closeAccount")).toBe(true);
  });

  it("needs aal2 from a user with a second factor, who at aal1 hears MFA_REQUIRED first", async () => {
    const session = await signUp(app);
    await setProfile(app, session.user.id, { secondFactors: { totp: true, passkeys: 0 } });
    expect(errorOf(await close(session.accessToken))).toEqual(MFA_REQUIRED);
    const aal2 = { acr: "aal2", amr: ["pwd", "otp", "mfa"] };
    const fresh = await lab.forge({ ...lab.claimsOf(session), ...aal2 });
    expect(dataOf(await close(fresh), "closeAccount")).toBe(true);
    clock.advance(301_000);
    const stale = await lab.forge({ ...lab.claimsOf(session), ...aal2 });
    expect(errorOf(await close(stale))).toEqual(REAUTHENTICATION_REQUIRED);
  });

  it("answers FORBIDDEN before REAUTHENTICATION_REQUIRED: no sign-in gives a role", async () => {
    const { accessToken } = await signUp(app);
    expect(errorOf(await app.graphql(PURGE, {}, { token: accessToken }))).toEqual(FORBIDDEN);
    clock.advance(301_000);
    expect(errorOf(await app.graphql(PURGE, {}, { token: accessToken }))).toEqual(FORBIDDEN);
  });

  it("follows GATEHOUSE_REAUTH_MAX_AGE", async () => {
    const strict = await dynamoApp({
      clock,
      env: { GATEHOUSE_REAUTH_MAX_AGE: "60" },
      gatehouse: {
        ...SENSITIVE,
        rules: { Mutation: { closeAccount: recentSignIn, purgeEverything: recentSignIn } },
      },
    });
    const { accessToken } = await signUp(strict);
    clock.advance(61_000);
    expect(errorOf(await strict.graphql(CLOSE, {}, { token: accessToken }))).toEqual(
      REAUTHENTICATION_REQUIRED,
    );
  });
});
