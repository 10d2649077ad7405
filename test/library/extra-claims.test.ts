import { RESERVED_CLAIMS } from "@gatehouse/core";
import { describe, expect, it } from "vitest";
import { INTERNAL } from "../support/errors.js";
import {
  dataOf,
  dynamoApp,
  errorOf,
  login,
  PASSWORD,
  refresh,
  SIGN_UP,
  signUp,
  uniqueEmail,
} from "../support/gql.js";
import { NOTES_ROLES, notesApi } from "../support/notes-api.js";

// The extraClaims hook: a team's claims in every access token, from the profile read at
// issue, and on the principal its resolvers receive, with no extra read per request.

const MY_CLAIMS = "query { myClaims }";

function payloadOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"));
}

function appWithClaims(extraClaims: (profile: { email: string }) => Record<string, unknown>) {
  return dynamoApp({
    env: { GATEHOUSE_ROLES: NOTES_ROLES },
    gatehouse: { ...notesApi(), hooks: { extraClaims } },
  });
}

describe("the extraClaims hook", () => {
  it("adds the team's claims to the access token at sign-up, login and refresh", async () => {
    const app = await appWithClaims((profile) => ({ tenant: profile.email.split("@")[1] }));
    const email = uniqueEmail();
    const signedUp = await signUp(app, email);
    expect(payloadOf(signedUp.accessToken)).toMatchObject({ tenant: "example.com" });
    const loggedIn = await login(app, email);
    expect(payloadOf(loggedIn.accessToken)).toMatchObject({ tenant: "example.com" });
    const next = await refresh(app, signedUp.refreshToken);
    expect(payloadOf(next.accessToken)).toMatchObject({
      tenant: "example.com",
      sub: signedUp.user.id,
    });
  });

  it("hands the verified token's extra claims to the team's resolvers on principal.claims", async () => {
    const app = await appWithClaims(() => ({ tier: "gold", seats: 3 }));
    const { accessToken } = await signUp(app);
    const claims = dataOf<string>(
      await app.graphql(MY_CLAIMS, {}, { token: accessToken }),
      "myClaims",
    );
    expect(JSON.parse(claims)).toEqual({ tier: "gold", seats: 3 });
  });

  it("never lets the hook vouch for a sign-in: auth_time, acr and amr are reserved", async () => {
    const app = await appWithClaims(() => ({ acr: "aal2", amr: ["pwd", "otp", "mfa"] }));
    const response = await app.graphql(SIGN_UP, { email: uniqueEmail(), password: PASSWORD });
    expect(errorOf(response)).toEqual(INTERNAL);
  });

  it("refuses a reserved claim name at issue, and the API answers the masked error", async () => {
    const app = await appWithClaims(() => ({ roles: ["ADMIN"], sub: "someone-else" }));
    const response = await app.graphql(SIGN_UP, { email: uniqueEmail(), password: PASSWORD });
    expect(errorOf(response)).toEqual(INTERNAL);
  });

  it("reserves every claim Gatehouse relies on and every JWT registered name", () => {
    expect([...RESERVED_CLAIMS].sort()).toEqual(
      [
        "aud",
        "cv",
        "exp",
        "iat",
        "iss",
        "jti",
        "nbf",
        "roles",
        "sct",
        "sid",
        "sub",
        "typ",
        "auth_time",
        "acr",
        "amr",
      ].sort(),
    );
  });

  it("leaves the token as it was without the hook", async () => {
    const app = await dynamoApp();
    const { accessToken } = await signUp(app);
    expect(Object.keys(payloadOf(accessToken)).sort()).toEqual(
      [
        "aud",
        "cv",
        "exp",
        "iat",
        "iss",
        "jti",
        "roles",
        "sct",
        "sid",
        "sub",
        "auth_time",
        "acr",
        "amr",
      ].sort(),
    );
  });
});
