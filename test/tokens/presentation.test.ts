import { fixedClock } from "@gatehouse/testing";
import { httpEvent, type TestApp } from "@gatehouse/testing/http";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type AuthPayloadData, errorOf, ME, SESSIONS } from "../support/gql.js";
import { type TokenFixture, tokenFixture } from "../support/token-fixture.js";
import { expectInvalidToken } from "../support/tokens.js";

// How an access token is presented (RFC 6750 §2.1): the scheme, the spacing, the size of the
// Authorization value, no header at all, and tokens sent anywhere else. What makes the token
// itself valid is in claims.test.ts; its signature in signatures.test.ts.

const START = Date.UTC(2026, 0, 1);
const clock = fixedClock(START);
let app: TestApp;
let session: AuthPayloadData;
let lab: TokenFixture["lab"];
let asBearer: TokenFixture["asBearer"];
let withAuthorization: TokenFixture["withAuthorization"];
let expectSignedInAs: TokenFixture["expectSignedInAs"];

beforeAll(async () => {
  ({ app, session, lab, asBearer, withAuthorization, expectSignedInAs } =
    await tokenFixture(clock));
});

beforeEach(() => clock.set(START));

describe("a valid access token", () => {
  it("signs the caller in", async () => {
    expectSignedInAs(await asBearer(session.accessToken), session);
  });

  // RFC 7235 §2.1: the auth-scheme is case-insensitive; RFC 6750 §2.1: `Bearer 1*SP token`.
  it.each([
    ["lower-case bearer", (token: string) => `bearer ${token}`],
    ["upper-case BEARER", (token: string) => `BEARER ${token}`],
    ["mixed-case bEaReR", (token: string) => `bEaReR ${token}`],
    ["two spaces after Bearer", (token: string) => `Bearer  ${token}`],
    ["several spaces after Bearer", (token: string) => `Bearer     ${token}`],
  ])("is accepted with %s", async (_, header) => {
    expectSignedInAs(await withAuthorization(header(session.accessToken)), session);
  });

  it("is accepted with an Authorization value of exactly 8 KiB", async () => {
    const padding = " ".repeat(8192 - "Bearer".length - session.accessToken.length);
    const authorization = `Bearer${padding}${session.accessToken}`;
    expect(authorization).toHaveLength(8192);
    expectSignedInAs(await withAuthorization(authorization), session);
  });
});

describe("an Authorization header that is not a valid access token answers 401", () => {
  it.each([
    ["the Basic scheme", () => "Basic dXNlcjpwYXNzd29yZA=="],
    ["another scheme with a valid token", () => `Token ${session.accessToken}`],
    ["the DPoP scheme with a valid token", () => `DPoP ${session.accessToken}`],
    ["the scheme written twice", () => `Bearer Bearer ${session.accessToken}`],
    ["a colon after Bearer", () => `Bearer: ${session.accessToken}`],
    ["a space before Bearer", () => ` Bearer ${session.accessToken}`],
    ["a space after the token", () => `Bearer ${session.accessToken} `],
    ["a non-breaking space after Bearer", () => `Bearer\u00a0${session.accessToken}`],
    ["a line break after Bearer", () => `Bearer\n${session.accessToken}`],
    ["no scheme at all", () => session.accessToken],
    ["Bearer without a token", () => "Bearer"],
    ["Bearer and a space without a token", () => "Bearer "],
    ["no space after Bearer", () => `Bearer${session.accessToken}`],
    ["a tab instead of a space", () => `Bearer\t${session.accessToken}`],
    ["text after the token", () => `Bearer ${session.accessToken} extra`],
    ["an empty value", () => ""],
    ["a string that is not a JWT", () => "Bearer not-a-jwt"],
    ["three dot-separated garbage parts", () => "Bearer a.b.c"],
    ["the refresh token", () => `Bearer ${session.refreshToken}`],
    [
      "a repeated header, as API Gateway joins it",
      () => `Bearer ${session.accessToken}, Bearer ${session.accessToken}`,
    ],
    [
      "a repeated header joined without a space",
      () => `Bearer ${session.accessToken},Bearer ${session.accessToken}`,
    ],
  ])("for %s", async (_, authorization) => {
    expectInvalidToken(await withAuthorization(authorization()));
  });

  it("for an Authorization value one byte over 8 KiB, however valid the token", async () => {
    const padding = " ".repeat(8193 - "Bearer".length - session.accessToken.length);
    expectInvalidToken(await withAuthorization(`Bearer${padding}${session.accessToken}`));
    // A token that is itself longer than 8 KiB, signed with the app's key.
    const big = await lab.forge({ ...lab.claimsOf(session), padding: "x".repeat(6200) });
    expect(big.length).toBeGreaterThan(8192);
    expectInvalidToken(await asBearer(big));
  });
});

describe("no Authorization header", () => {
  it("answers a protected nullable field with 200, null and UNAUTHENTICATED", async () => {
    const response = await app.graphql(ME);
    expect(response.status).toBe(200);
    expect(response.headers["www-authenticate"]).toBeUndefined();
    expect(response.body.data).toEqual({ me: null });
    expect(errorOf(response)).toEqual({
      code: "UNAUTHENTICATED",
      message: "You must be signed in.",
    });
  });

  it("answers a protected non-null field with 200, no data and UNAUTHENTICATED", async () => {
    const response = await app.graphql(SESSIONS);
    expect(response.status).toBe(200);
    expect(response.body.data).toBeNull();
    expect(errorOf(response)).toEqual({
      code: "UNAUTHENTICATED",
      message: "You must be signed in.",
    });
  });
});

describe("tokens outside the Authorization header", () => {
  // RFC 6750 §2.2 and §2.3 allow form and query parameters; Gatehouse reads the header only,
  // so a token in a URL (logged by every proxy) never authenticates anything.
  it("ignores access_token in the query string: the caller stays anonymous", async () => {
    const response = await app.invoke(
      httpEvent({
        method: "GET",
        path: "/graphql",
        query: `query=${encodeURIComponent("{ me { id } }")}&access_token=${session.accessToken}`,
        headers: { "apollo-require-preflight": "true" },
      }),
    );
    expect(response.status).toBe(200);
    expect(response.body.data).toEqual({ me: null });
    expect(response.body.errors[0].extensions.code).toBe("UNAUTHENTICATED");
  });

  it("ignores access_token in the JSON body: the caller stays anonymous", async () => {
    const response = await app.invoke(
      httpEvent({
        method: "POST",
        path: "/graphql",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ me { id } }", access_token: session.accessToken }),
      }),
    );
    expect(response.body.data).toEqual({ me: null });
    expect(response.body.errors[0].extensions.code).toBe("UNAUTHENTICATED");
  });
});
