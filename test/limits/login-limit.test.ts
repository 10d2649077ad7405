import { randomUUID } from "node:crypto";
import { countingHasher, fixedClock, type TestClock } from "@gatehouse/testing";
import type { TestApp } from "@gatehouse/testing/http";
import { beforeAll, describe, expect, it } from "vitest";
import { CHANGE_LIMITED, INVALID_CREDENTIALS, LOGIN_LIMITED } from "../support/errors.js";
import {
  type AuthPayloadData,
  CHANGE_PASSWORD,
  dataOf,
  dynamoApp,
  errorOf,
  LOGIN,
  login,
  PASSWORD,
  signUp,
  uniqueEmail,
} from "../support/gql.js";

// Guessing one account's password: failed logins count per email and source address, and
// per email from all addresses, so a guesser is stopped without locking the owner out.
// The per-source limit on guessing many accounts is in source-limit.test.ts.

const START = Date.UTC(2026, 0, 1);

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
    expect(errorOf(response)).toEqual(LOGIN_LIMITED);
    expect(counting.checks()).toBe(before);
  });

  it("limits an unknown email just like a known one", async () => {
    const email = uniqueEmail("nobody");
    await failThreeTimes(email);
    expect(errorOf(await attempt(email, PASSWORD))).toEqual(LOGIN_LIMITED);
  });

  it("counts failures per email whatever its case or spacing", async () => {
    const email = uniqueEmail();
    await signUp(limited, email);
    for (const variant of [email.toUpperCase(), ` ${email}`, email]) {
      expect(errorOf(await attempt(variant, "a wrong password, again"))).toEqual(
        INVALID_CREDENTIALS,
      );
    }
    expect(errorOf(await attempt(email, PASSWORD))).toEqual(LOGIN_LIMITED);
  });

  it("does not count successful logins towards the limit", async () => {
    const email = uniqueEmail();
    await signUp(limited, email);
    for (let i = 0; i < 2; i++) await attempt(email, "a wrong password, again");
    await login(limited, email);
    // Two failures so far: the third is still checked, the next is refused.
    expect(errorOf(await attempt(email, "a wrong password, again"))).toEqual(INVALID_CREDENTIALS);
    expect(errorOf(await attempt(email, PASSWORD))).toEqual(LOGIN_LIMITED);
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
    expect(errorOf(await attempt(email, PASSWORD))).toEqual(LOGIN_LIMITED);
  });

  it("lets the email in again once the window has passed, and not a moment before", async () => {
    const email = uniqueEmail();
    await signUp(limited, email);
    const opened = limitedClock.now();
    await failThreeTimes(email);

    limitedClock.set(opened + WINDOW_SECONDS * 1000 - 1);
    expect(errorOf(await attempt(email, PASSWORD))).toEqual(LOGIN_LIMITED);

    limitedClock.set(opened + WINDOW_SECONDS * 1000 + 1);
    expect((await login(limited, email)).user.email).toBe(email);
  });
});

describe("login lock-out per email and source (GATEHOUSE_LOGIN_MAX_FAILURES=5, per email 100)", () => {
  let app: TestApp;
  let source = 0;
  /** A fresh documentation address (RFC 5737) per call. */
  const nextSource = () => `198.51.100.${++source}`;

  beforeAll(async () => {
    app = await dynamoApp({ clock: fixedClock(START) });
  });

  const login = (email: string, password: string, sourceIp: string) =>
    app.graphql(LOGIN, { email, password }, { sourceIp });

  async function failFiveTimes(email: string, sourceIp: string) {
    for (let i = 0; i < 5; i++) {
      expect(errorOf(await login(email, `a guessed password ${i}`, sourceIp))).toEqual(
        INVALID_CREDENTIALS,
      );
    }
  }

  it("lets the owner in from another address after five failures elsewhere", async () => {
    const { user } = await signUp(app);
    await failFiveTimes(user.email, nextSource());

    expect(
      dataOf<AuthPayloadData>(await login(user.email, PASSWORD, nextSource()), "login"),
    ).toMatchObject({
      user: { email: user.email },
    });
  });

  it("locks the address that failed five times out of that account, even with the right password", async () => {
    const { user } = await signUp(app);
    const attacker = nextSource();
    await failFiveTimes(user.email, attacker);

    const response = await login(user.email, PASSWORD, attacker);
    expect(response.body.data).toBeNull();
    expect(errorOf(response)).toEqual(LOGIN_LIMITED);
    // That address is locked out of this account only.
    const other = await signUp(app);
    expect(dataOf(await login(other.user.email, PASSWORD, attacker), "login")).toBeTruthy();
  });

  it("counts every spelling of one address on one counter: accents composed or not, Unicode or ASCII domain", async () => {
    const local = `jos\u00e9-${randomUUID().slice(0, 8)}`;
    const composed = `${local}@b\u00fccher.example`;
    await signUp(app, composed);
    const attacker = nextSource();
    const spellings = [
      composed,
      composed.normalize("NFD"),
      `${local}@xn--bcher-kva.example`,
      ` ${composed.toUpperCase()} `,
      `${local.normalize("NFD")}@XN--BCHER-KVA.EXAMPLE`,
    ];
    for (const [i, spelling] of spellings.entries()) {
      expect(errorOf(await login(spelling, `a guessed password ${i}`, attacker))).toEqual(
        INVALID_CREDENTIALS,
      );
    }

    expect(errorOf(await login(composed.normalize("NFD"), PASSWORD, attacker))).toEqual(
      LOGIN_LIMITED,
    );
  });

  it("locks the account for every address after 100 failures spread over many addresses", async () => {
    const { user } = await signUp(app);
    for (let i = 0; i < 100; i++) {
      const response = await login(user.email, `a distributed guess ${i}`, nextSource());
      expect(errorOf(response)).toEqual(INVALID_CREDENTIALS);
    }

    expect(errorOf(await login(user.email, PASSWORD, nextSource()))).toEqual(LOGIN_LIMITED);
  });

  it("neither blocks changePassword after failed logins nor lets changePassword's failures lock login", async () => {
    const { user, accessToken } = await signUp(app);
    const change = (currentPassword: string) =>
      app.graphql(
        CHANGE_PASSWORD,
        { currentPassword, newPassword: "a brand new passphrase here" },
        { token: accessToken },
      );
    // The owner's own address fails five times: login from it is locked, the change is not.
    const home = nextSource();
    await failFiveTimes(user.email, home);
    expect(errorOf(await login(user.email, PASSWORD, home))).toEqual(LOGIN_LIMITED);
    for (let i = 0; i < 5; i++) {
      expect(errorOf(await change(`a wrong current password ${i}`))).toEqual(INVALID_CREDENTIALS);
    }

    // changePassword's own failures are limited, per user...
    expect(errorOf(await change(PASSWORD))).toEqual(CHANGE_LIMITED);
    // ...and did not count towards login's: another address signs in.
    expect(dataOf(await login(user.email, PASSWORD, nextSource()), "login")).toBeTruthy();
  });
});
