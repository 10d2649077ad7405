import { argon2idHasher } from "@gatehouse/core";
import { fixedClock, type TestClock } from "@gatehouse/testing";
import type { TestApp } from "@gatehouse/testing/http";
import { beforeAll, describe, expect, it } from "vitest";
import { EMAIL_TAKEN, INVALID_CREDENTIALS, INVALID_EMAIL } from "../support/errors.js";
import {
  dynamoApp,
  errorOf,
  LOGIN,
  login,
  PASSWORD,
  SIGN_UP,
  signUp,
  uniqueEmail,
} from "../support/gql.js";

// signUp: email and password rules (length in code points, NFKC, no 72-byte truncation),
// taken emails, closed sign-up and concurrent sign-ups.

const START = Date.UTC(2026, 0, 1);

const WEAK_PASSWORD = {
  code: "BAD_USER_INPUT",
  message: "The password must be 15 to 256 characters long.",
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
