import { randomUUID } from "node:crypto";
import { argon2idHasher, type Email, type UserId } from "@gatehouse/core";
import { createDocumentClient, dynamoStores } from "@gatehouse/core/dynamo";
import { countingHasher, fastHasher, fixedClock, type TestClock } from "@gatehouse/testing";
import { httpEvent, TEST_ISSUER, type TestApp } from "@gatehouse/testing/http";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import {
  dynamoApp,
  errorOf,
  LOGIN,
  login,
  PASSWORD,
  SIGN_UP,
  signUp,
  uniqueEmail,
} from "./support/gql.js";

const START = Date.UTC(2026, 0, 1);

const WEAK_PASSWORD = {
  code: "BAD_USER_INPUT",
  message: "The password must be 15 to 256 characters long.",
};
const INVALID_EMAIL = { code: "BAD_USER_INPUT", message: "The email address is not valid." };
const EMAIL_TAKEN = {
  code: "BAD_USER_INPUT",
  message: "An account with this email already exists.",
};
const INVALID_CREDENTIALS = { code: "UNAUTHENTICATED", message: "Invalid email or password." };
const RATE_LIMITED = {
  code: "RATE_LIMITED",
  message: "Too many failed sign-in attempts. Try again later.",
};

let app: TestApp;
let clock: TestClock;

beforeAll(async () => {
  clock = fixedClock(START);
  app = await dynamoApp({ clock });
});

describe("signUp", () => {
  it("stores the email trimmed and lower-cased", async () => {
    const local = uniqueEmail("mixed").split("@")[0] ?? "";
    const { user } = await signUp(app, `  ${local.toUpperCase()}@Example.COM \t`);
    expect(user.email).toBe(`${local}@example.com`);
    expect(user.roles).toEqual(["USER"]);
  });

  it.each([
    "not-an-email",
    "missing-domain@",
    "@missing-local.example.com",
    "two@@example.com",
    "spa ce@example.com",
    "user@localhost",
    "",
    `${"a".repeat(65)}@example.com`,
  ])("refuses %j as an email with BAD_USER_INPUT", async (email) => {
    const response = await app.graphql(SIGN_UP, { email, password: PASSWORD });
    expect(response.status).toBe(200);
    expect(response.body.data).toBeNull();
    expect(errorOf(response)).toEqual(INVALID_EMAIL);
  });

  it("measures the password in code points: fifteen emoji pass though they are thirty UTF-16 units", async () => {
    const password = "😀".repeat(15);
    expect(password).toHaveLength(30);
    const email = uniqueEmail();
    await signUp(app, email, password);
    expect((await login(app, email, password)).user.email).toBe(email);
  });

  it.each([
    ["fourteen ASCII characters", "a".repeat(14)],
    ["fourteen emoji (twenty-eight UTF-16 units)", "😀".repeat(14)],
    ["257 code points", "a".repeat(257)],
    ["257 emoji", "😀".repeat(257)],
  ])("refuses %s as a password with BAD_USER_INPUT", async (_, password) => {
    const response = await app.graphql(SIGN_UP, { email: uniqueEmail(), password });
    expect(errorOf(response)).toEqual(WEAK_PASSWORD);
    expect(response.text).not.toContain(password);
  });

  it("accepts a password of exactly 256 code points (512 UTF-16 units, 1024 bytes)", async () => {
    const password = "😀".repeat(256);
    const email = uniqueEmail();
    await signUp(app, email, password);
    await expect(login(app, email, password)).resolves.toBeDefined();
  });

  it("NFKC-normalises passwords before measuring and comparing them", async () => {
    // "ﬁ" (U+FB01) is one code point that NFKC turns into two: 8 of them make 16.
    const ligatures = "ﬁ".repeat(8);
    const email = uniqueEmail();
    await signUp(app, email, ligatures);
    await expect(login(app, email, "fi".repeat(8))).resolves.toBeDefined();

    // Full-width letters, as some keyboards type them, are the same password as ASCII.
    const fullWidth = uniqueEmail();
    await signUp(app, fullWidth, "ｃｏｒｒｅｃｔ ｈｏｒｓｅ ｂａｔｔｅｒｙ");
    await expect(login(app, fullWidth, "correct horse battery")).resolves.toBeDefined();
  });

  it("hashes the whole password: two 100-character passwords sharing their first 72 bytes differ", async () => {
    // The production hasher, since the property under test is the hash's (bcrypt would truncate).
    const realHashing = await dynamoApp({ hasher: argon2idHasher() });
    const first = `${"x".repeat(72)}${"A".repeat(28)}`;
    const second = `${"x".repeat(72)}${"B".repeat(28)}`;
    const email = uniqueEmail();
    await signUp(realHashing, email, first);

    expect(errorOf(await realHashing.graphql(LOGIN, { email, password: second }))).toEqual(
      INVALID_CREDENTIALS,
    );
    expect((await login(realHashing, email, first)).user.email).toBe(email);
  });

  it("refuses an email that is already taken, whatever its case or spacing", async () => {
    const email = uniqueEmail("taken");
    await signUp(app, email);
    for (const variant of [email, ` ${email.toUpperCase()} `]) {
      const response = await app.graphql(SIGN_UP, { email: variant, password: PASSWORD });
      expect(response.status).toBe(200);
      expect(errorOf(response)).toEqual(EMAIL_TAKEN);
    }
  });

  it("refuses every sign-up while GATEHOUSE_SIGNUP is closed", async () => {
    const closed = await dynamoApp({ env: { GATEHOUSE_SIGNUP: "closed" } });
    const response = await closed.graphql(SIGN_UP, { email: uniqueEmail(), password: PASSWORD });
    expect(response.status).toBe(200);
    expect(response.body.data).toBeNull();
    expect(errorOf(response)).toEqual({ code: "BAD_USER_INPUT", message: "Sign-up is closed." });
  });

  it("lets exactly one of two concurrent sign-ups with the same email win", async () => {
    const email = uniqueEmail("race");
    const passwords = ["first passphrase of the race", "second passphrase of the race"];
    const responses = await Promise.all(
      passwords.map((password, i) =>
        app.graphql(SIGN_UP, { email: i === 0 ? email : email.toUpperCase(), password }),
      ),
    );

    const won = responses.map((response) => response.body.data !== null);
    expect(won.filter(Boolean)).toHaveLength(1);
    const [winning, losing] = won[0] ? passwords : [...passwords].reverse();
    const loser = responses[won[0] ? 1 : 0];
    expect(loser && errorOf(loser)).toEqual(EMAIL_TAKEN);

    // Only the winner's password opens the one account.
    expect((await login(app, email, winning ?? "")).user.email).toBe(email);
    const other = await app.graphql(LOGIN, { email, password: losing });
    expect(errorOf(other)).toEqual(INVALID_CREDENTIALS);
  });
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

describe("login limiting (GATEHOUSE_LOGIN_MAX_FAILURES=3)", () => {
  const WINDOW_SECONDS = 60;
  let limited: TestApp;
  let limitedClock: TestClock;
  // Counts password checks, so a test can see how many guesses were really tried.
  const counting = countingHasher();

  beforeAll(async () => {
    limitedClock = fixedClock(START);
    limited = await dynamoApp({
      clock: limitedClock,
      hasher: counting,
      env: {
        GATEHOUSE_LOGIN_MAX_FAILURES: "3",
        GATEHOUSE_LOGIN_WINDOW: String(WINDOW_SECONDS),
      },
    });
  });

  const attempt = (email: string, password: string) => limited.graphql(LOGIN, { email, password });

  async function failThreeTimes(email: string) {
    for (let i = 0; i < 3; i++) {
      expect(errorOf(await attempt(email, `wrong guess number ${i}!`))).toEqual(
        INVALID_CREDENTIALS,
      );
    }
  }

  it("answers RATE_LIMITED after the third failure, even to the right password", async () => {
    const email = uniqueEmail();
    await signUp(limited, email);
    await failThreeTimes(email);

    const before = counting.checks();
    const response = await attempt(email, PASSWORD);
    expect(response.status).toBe(200);
    expect(response.body.data).toBeNull();
    expect(errorOf(response)).toEqual(RATE_LIMITED);
    expect(counting.checks()).toBe(before);
  });

  it("limits an unknown email just like a known one", async () => {
    const email = uniqueEmail("nobody");
    await failThreeTimes(email);
    expect(errorOf(await attempt(email, PASSWORD))).toEqual(RATE_LIMITED);
  });

  it("counts failures per email whatever its case or spacing", async () => {
    const email = uniqueEmail();
    await signUp(limited, email);
    for (const variant of [email.toUpperCase(), ` ${email}`, email]) {
      expect(errorOf(await attempt(variant, "a wrong password, again"))).toEqual(
        INVALID_CREDENTIALS,
      );
    }
    expect(errorOf(await attempt(email, PASSWORD))).toEqual(RATE_LIMITED);
  });

  it("does not count successful logins towards the limit", async () => {
    const email = uniqueEmail();
    await signUp(limited, email);
    for (let i = 0; i < 2; i++) await attempt(email, "a wrong password, again");
    await login(limited, email);
    // Two failures so far: the third is still checked, the next is refused.
    expect(errorOf(await attempt(email, "a wrong password, again"))).toEqual(INVALID_CREDENTIALS);
    expect(errorOf(await attempt(email, PASSWORD))).toEqual(RATE_LIMITED);
  });

  it("checks no more than three passwords when ten attempts arrive at once", async () => {
    const email = uniqueEmail();
    await signUp(limited, email);
    const before = counting.checks();
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => attempt(email, `concurrent wrong guess ${i}`)),
    );
    const codes = responses.map((response) => errorOf(response).code);
    const checked = counting.checks() - before;

    expect(checked).toBeLessThanOrEqual(3);
    expect(codes.filter((code) => code === "UNAUTHENTICATED")).toHaveLength(checked);
    expect(codes.filter((code) => code === "RATE_LIMITED")).toHaveLength(10 - checked);
    expect(errorOf(await attempt(email, PASSWORD))).toEqual(RATE_LIMITED);
  });

  it("lets the email in again once the window has passed, and not a moment before", async () => {
    const email = uniqueEmail();
    await signUp(limited, email);
    const opened = limitedClock.now();
    await failThreeTimes(email);

    limitedClock.set(opened + WINDOW_SECONDS * 1000 - 1);
    expect(errorOf(await attempt(email, PASSWORD))).toEqual(RATE_LIMITED);

    limitedClock.set(opened + WINDOW_SECONDS * 1000 + 1);
    expect((await login(limited, email)).user.email).toBe(email);
  });
});

describe("look-alike emails", () => {
  const INVISIBLE = {
    code: "BAD_USER_INPUT",
    message: "The email address contains invisible or control characters.",
  };
  const local = () => `look-${randomUUID().slice(0, 8)}`;

  it("makes a composed and a decomposed accent one account", async () => {
    const name = local();
    const composed = `${name}-jos\u00e9@example.com`;
    const decomposed = `${name}-jose\u0301@example.com`;
    const { user } = await signUp(app, composed);

    const second = await app.graphql(SIGN_UP, { email: decomposed, password: PASSWORD });

    expect(errorOf(second)).toEqual(EMAIL_TAKEN);
    expect((await login(app, decomposed)).user.id).toBe(user.id);
    expect(user.email).toBe(composed);
  });

  it.each([
    ["a zero-width space", "\u200b"],
    ["a right-to-left override", "\u202e"],
    ["a left-to-right isolate", "\u2066"],
    ["a soft hyphen", "\u00ad"],
  ])("refuses an address holding %s with BAD_USER_INPUT", async (_, character) => {
    const name = local();
    const response = await app.graphql(SIGN_UP, {
      email: `${name}${character}x@example.com`,
      password: PASSWORD,
    });

    expect(response.body.data).toBeNull();
    expect(errorOf(response)).toEqual(INVISIBLE);
  });

  it("refuses an address with a trailing zero-width joiner with BAD_USER_INPUT", async () => {
    const email = uniqueEmail("joiner");
    await signUp(app, email);

    const response = await app.graphql(SIGN_UP, { email: `${email}\u200d`, password: PASSWORD });

    expect(errorOf(response)).toEqual(INVISIBLE);
  });

  it("makes bücher.example and xn--bcher-kva.example one account, stored in ASCII", async () => {
    const name = local();
    const { user } = await signUp(app, `${name}@B\u00fccher.example`);

    const second = await app.graphql(SIGN_UP, {
      email: `${name}@xn--bcher-kva.example`,
      password: PASSWORD,
    });

    expect(user.email).toBe(`${name}@xn--bcher-kva.example`);
    expect(errorOf(second)).toEqual(EMAIL_TAKEN);
    expect((await login(app, `${name}@b\u00fccher.example`)).user.id).toBe(user.id);
  });

  it("refuses a domain that is not a valid IDNA name with BAD_USER_INPUT", async () => {
    const response = await app.graphql(SIGN_UP, {
      email: `${local()}@xn--zz.example`,
      password: PASSWORD,
    });

    expect(errorOf(response)).toEqual(INVALID_EMAIL);
  });

  describe("accounts stored by an earlier version", () => {
    const db = createDocumentClient({
      endpoint: inject("dynamoEndpoint"),
      region: "local",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    afterAll(() => db.destroy());

    /** Writes an account as an earlier version did: its email only trimmed and lower-cased. */
    async function legacyAccount(email: string) {
      const id = randomUUID() as UserId;
      await dynamoStores(db, app.tableName).users.create({
        id,
        email: email as Email,
        passwordHash: await fastHasher().hash(PASSWORD),
        roles: ["USER"],
        createdAt: START,
        accessNotBefore: 0,
        sessionsNotBefore: 0,
        credentialVersion: 0,
        keptSession: null,
      });
      return id;
    }

    it.each([
      ["a decomposed accent", (name: string) => `${name}-jose\u0301@example.com`],
      ["a Unicode domain", (name: string) => `${name}@b\u00fccher.example`],
      ["a zero-width character", (name: string) => `${name}\u200bx@example.com`],
    ])(
      "still signs in an account whose stored address holds %s, as it was registered",
      async (_, form) => {
        const email = form(local());
        const id = await legacyAccount(email);

        expect((await login(app, email.toUpperCase())).user.id).toBe(id);
      },
    );
  });
});
