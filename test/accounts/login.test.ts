import { fixedClock, type TestClock } from "@gatehouse/testing";
import { httpEvent, TEST_ISSUER, type TestApp } from "@gatehouse/testing/http";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { INVALID_CREDENTIALS } from "../support/errors.js";
import { dynamoApp, errorOf, LOGIN, login, signUp, uniqueEmail } from "../support/gql.js";

// login: the one answer for every failure, and the tokens it issues (claims of the access
// token, an opaque refresh token).

const START = Date.UTC(2026, 0, 1);

let app: TestApp;
let clock: TestClock;

beforeAll(async () => {
  clock = fixedClock(START);
  app = await dynamoApp({ clock });
});

describe("login", () => {
  it("gives an unknown email and a wrong password the very same answer", async () => {
    const email = uniqueEmail();
    await signUp(app, email);
    const wrongPassword = await app.graphql(LOGIN, { email, password: "not the password at all" });
    const unknownEmail = await app.graphql(LOGIN, {
      email: uniqueEmail("nobody"),
      password: "not the password at all",
    });

    expect(errorOf(wrongPassword)).toEqual(INVALID_CREDENTIALS);
    expect(wrongPassword.status).toBe(200);
    expect(unknownEmail.status).toBe(200);
    expect(unknownEmail.text).toBe(wrongPassword.text);
  });

  it("signs in with the email in another case than at sign-up", async () => {
    const email = uniqueEmail("cased");
    const { user } = await signUp(app, email.toUpperCase());
    const session = await login(app, ` ${email.replace(/^./, (c) => c.toUpperCase())} `);
    expect(session.user).toEqual(user);
  });

  it("issues an RS256 at+jwt access token with every claim of the contract", async () => {
    const email = uniqueEmail();
    const { user } = await signUp(app, email);
    const session = await login(app, email);
    const jwks = await app.invoke(httpEvent({ path: "/.well-known/jwks.json" }));
    const kid = jwks.body.keys[0].kid;

    expect(session.tokenType).toBe("Bearer");
    expect(session.expiresIn).toBe(900);
    expect(decodeProtectedHeader(session.accessToken)).toEqual({
      alg: "RS256",
      kid,
      typ: "at+jwt",
    });
    const iat = Math.floor(clock.now() / 1000);
    expect(decodeJwt(session.accessToken)).toEqual({
      iss: TEST_ISSUER,
      aud: "gatehouse",
      sub: user.id,
      jti: expect.stringMatching(/^[A-Za-z0-9_-]{22}$/),
      // `~`, the session's start time in base 36, then 128 random bits.
      sid: expect.stringMatching(
        new RegExp(`^~${clock.now().toString(36).padStart(9, "0")}[A-Za-z0-9_-]{22}$`),
      ),
      // When the session started, in ms: the login just now.
      sct: clock.now(),
      // The credential generation the session started under: the first.
      cv: 0,
      // A password sign-in, just now (contract "Assurance claims").
      auth_time: iat,
      acr: "aal1",
      amr: ["pwd"],
      iat,
      exp: iat + 900,
      roles: ["USER"],
    });
  });

  it("starts a new session with a new token id at every login", async () => {
    const email = uniqueEmail();
    await signUp(app, email);
    const [one, two] = [await login(app, email), await login(app, email)];
    expect(decodeJwt(one.accessToken).jti).not.toBe(decodeJwt(two.accessToken).jti);
    expect(decodeJwt(one.accessToken).sid).not.toBe(decodeJwt(two.accessToken).sid);
    expect(one.refreshToken).not.toBe(two.refreshToken);
  });

  it("hands out an opaque refresh token that is not a JWT", async () => {
    const { refreshToken, accessToken } = await signUp(app);
    expect(refreshToken).not.toBe(accessToken);
    expect(() => decodeJwt(refreshToken)).toThrow();
    expect(() => decodeProtectedHeader(refreshToken)).toThrow();
    // 256 bits of secret plus locators; RFC 9700 asks for at least 128 bits of randomness.
    expect(refreshToken.length).toBeGreaterThanOrEqual(43);
  });
});
