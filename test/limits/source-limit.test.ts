import { countingHasher, fixedClock, type TestClock } from "@gatehouse/testing";
import type { TestApp } from "@gatehouse/testing/http";
import { beforeAll, describe, expect, it } from "vitest";
import {
  INVALID_CREDENTIALS,
  LOGIN_LIMITED,
  REFRESH_LIMITED,
  SIGNUP_LIMITED,
} from "../support/errors.js";
import {
  type AuthPayloadData,
  dataOf,
  dynamoApp,
  errorOf,
  LOGIN,
  ME,
  PASSWORD,
  REFRESH,
  SIGN_UP,
  signUp,
  uniqueEmail,
} from "../support/gql.js";

// Guessing many accounts from one place: the per-source limit that rotating emails cannot
// reset (sign-ups, failed logins and failed refreshes in one budget per address, an IPv6
// source by its /64, /56 and /48), and the global budget of anonymous work. The per-email
// limit is in login-limit.test.ts; docs/security.md lists them all.

const START = Date.UTC(2026, 0, 1);
const INVALID_REFRESH = {
  code: "UNAUTHENTICATED",
  message: "The refresh token is invalid or expired. Sign in again.",
};
/** A well-formed refresh token no session has. */
const UNKNOWN_REFRESH = "not-a-refresh-token-that-any-session-has";

describe("the per-source limit (GATEHOUSE_IP_MAX_ATTEMPTS=4 in GATEHOUSE_IP_WINDOW=60)", () => {
  const WINDOW_SECONDS = 60;
  let app: TestApp;
  let clock: TestClock;
  // Counts password checks, so a test can see how many guesses were really tried.
  const counting = countingHasher();
  let source = 0;
  /** A fresh documentation address (RFC 5737) per test, so tests share no budget. */
  const nextSource = () => `203.0.113.${++source}`;

  beforeAll(async () => {
    clock = fixedClock(START);
    app = await dynamoApp({
      clock,
      hasher: counting,
      env: { GATEHOUSE_IP_MAX_ATTEMPTS: "4", GATEHOUSE_IP_WINDOW: String(WINDOW_SECONDS) },
    });
  });

  const from = (sourceIp: string, headers: Record<string, string> = {}) => ({
    login: (email: string, password: string) =>
      app.graphql(LOGIN, { email, password }, { sourceIp, headers }),
    signUp: (email: string, password = PASSWORD) =>
      app.graphql(SIGN_UP, { email, password }, { sourceIp, headers }),
    refresh: (refreshToken: string) =>
      app.graphql(REFRESH, { refreshToken }, { sourceIp, headers }),
  });

  /** Signs up from an address of its own, so the tests' sources stay untouched. */
  const account = async () => {
    const email = uniqueEmail("victim");
    expect(dataOf(await from(nextSource()).signUp(email), "signUp")).toBeTruthy();
    return email;
  };

  it("answers RATE_LIMITED after four failed logins from one address, each naming another email", async () => {
    const victim = await account();
    const attacker = from(nextSource());
    for (let i = 0; i < 4; i++) {
      const response = await attacker.login(uniqueEmail("sprayed"), "a guessed password!");
      expect(errorOf(response)).toEqual(INVALID_CREDENTIALS);
    }

    const before = counting.checks();
    const response = await attacker.login(victim, PASSWORD);
    expect(response.status).toBe(200);
    expect(response.body.data).toBeNull();
    expect(errorOf(response)).toEqual(LOGIN_LIMITED);
    expect(counting.checks()).toBe(before);
    // Another address is not affected.
    expect(
      dataOf<{ user: { email: string } }>(await from(nextSource()).login(victim, PASSWORD), "login")
        .user.email,
    ).toBe(victim);
  });

  it("counts every sign-up, successful or not, in the same budget as failed logins", async () => {
    const attacker = from(nextSource());
    await expect(attacker.signUp(uniqueEmail("bulk"))).resolves.toMatchObject({ status: 200 });
    expect(dataOf(await attacker.signUp(uniqueEmail("bulk")), "signUp")).toBeTruthy();
    expect(errorOf(await attacker.signUp("not-an-email")).code).toBe("BAD_USER_INPUT");
    expect(errorOf(await attacker.login(uniqueEmail(), "a guessed password!"))).toEqual(
      INVALID_CREDENTIALS,
    );

    const email = uniqueEmail("refused");
    const refused = await attacker.signUp(email);
    expect(refused.body.data).toBeNull();
    expect(errorOf(refused)).toEqual(SIGNUP_LIMITED);
    expect(errorOf(await attacker.login(uniqueEmail(), PASSWORD))).toEqual(LOGIN_LIMITED);
    // The refused sign-up wrote nothing: the email is free for anyone else.
    expect(dataOf(await from(nextSource()).signUp(email), "signUp")).toBeTruthy();
  });

  it("does not count successful logins, so many users behind one address can sign in", async () => {
    const users = [await account(), await account()];
    const office = from(nextSource());
    for (let i = 0; i < 10; i++) {
      expect(dataOf(await office.login(users[i % 2] ?? "", PASSWORD), "login")).toBeTruthy();
    }
    for (let i = 0; i < 4; i++) {
      expect(errorOf(await office.login(users[0] ?? "", `typo number ${i}!`))).toEqual(
        INVALID_CREDENTIALS,
      );
    }
    expect(errorOf(await office.login(users[1] ?? "", PASSWORD))).toEqual(LOGIN_LIMITED);
  });

  it("cannot be reset by client headers: X-Forwarded-For and friends are ignored", async () => {
    const address = nextSource();
    for (let i = 0; i < 5; i++) {
      const spoofed = from(address, {
        "x-forwarded-for": `198.51.100.${i}`,
        "x-real-ip": `198.51.100.${i}`,
        forwarded: `for=198.51.100.${i}`,
        "cf-connecting-ip": `198.51.100.${i}`,
        "true-client-ip": `198.51.100.${i}`,
      });
      const response = await spoofed.login(uniqueEmail("sprayed"), "a guessed password!");
      expect(errorOf(response)).toEqual(i < 4 ? INVALID_CREDENTIALS : LOGIN_LIMITED);
    }
  });

  it("counts a whole IPv6 /64 as one source", async () => {
    for (let i = 1; i <= 5; i++) {
      const response = await from(`2001:db8:aa:${source}::${i.toString(16)}`).login(
        uniqueEmail("sprayed"),
        "a guessed password!",
      );
      expect(errorOf(response)).toEqual(i <= 4 ? INVALID_CREDENTIALS : LOGIN_LIMITED);
    }
    const neighbour = await from(`2001:db8:aa:${source + 1}::1`).login(uniqueEmail(), "guess!");
    expect(errorOf(neighbour)).toEqual(INVALID_CREDENTIALS);
    source += 2;
  });

  it("checks no more than four passwords when ten attempts from one address arrive at once", async () => {
    const attacker = from(nextSource());
    const before = counting.checks();
    const responses = await Promise.all(
      Array.from({ length: 10 }, (_, i) => attacker.login(uniqueEmail(`burst${i}`), "a guess!")),
    );
    const codes = responses.map((response) => errorOf(response).code);
    const checked = counting.checks() - before;
    expect(checked).toBeLessThanOrEqual(4);
    expect(codes.filter((code) => code === "UNAUTHENTICATED")).toHaveLength(checked);
    expect(codes.filter((code) => code === "RATE_LIMITED")).toHaveLength(10 - checked);
  });

  it("lets the address in again once the window has passed, and not a moment before", async () => {
    const victim = await account();
    const attacker = from(nextSource());
    const opened = clock.now();
    for (let i = 0; i < 4; i++) await attacker.login(uniqueEmail(), "a guessed password!");

    clock.set(opened + WINDOW_SECONDS * 1000 - 1);
    expect(errorOf(await attacker.login(victim, PASSWORD))).toEqual(LOGIN_LIMITED);
    clock.set(opened + WINDOW_SECONDS * 1000 + 1);
    expect(dataOf(await attacker.login(victim, PASSWORD), "login")).toBeTruthy();
    clock.set(START);
  });

  it("counts failed refreshes in the same budget and answers RATE_LIMITED once it is spent", async () => {
    const victim = await account();
    const session = dataOf<AuthPayloadData>(
      await from(nextSource()).login(victim, PASSWORD),
      "login",
    );
    const attacker = from(nextSource());
    for (let i = 0; i < 4; i++) {
      expect(errorOf(await attacker.refresh(`${UNKNOWN_REFRESH}-${i}`))).toEqual(INVALID_REFRESH);
    }

    const refused = await attacker.refresh(session.refreshToken);
    expect(refused.body.data).toBeNull();
    expect(errorOf(refused)).toEqual(REFRESH_LIMITED);
    expect(errorOf(await attacker.login(victim, PASSWORD))).toEqual(LOGIN_LIMITED);
    // The refused refresh spent nothing: the token still works from another address.
    expect(dataOf(await from(nextSource()).refresh(session.refreshToken), "refresh")).toBeTruthy();
  });

  it("hands back the count of a successful refresh", async () => {
    const victim = await account();
    const client = from(nextSource());
    let { refreshToken } = dataOf<AuthPayloadData>(await client.login(victim, PASSWORD), "login");
    for (let i = 0; i < 6; i++) {
      ({ refreshToken } = dataOf<AuthPayloadData>(await client.refresh(refreshToken), "refresh"));
    }
    for (let i = 0; i < 4; i++) {
      expect(errorOf(await client.refresh(`${UNKNOWN_REFRESH}-${i}`))).toEqual(INVALID_REFRESH);
    }
    expect(errorOf(await client.refresh(refreshToken))).toEqual(REFRESH_LIMITED);
  });
});

describe("IPv6 sources at /64, /56 and /48 (GATEHOUSE_IP_MAX_ATTEMPTS=2, GATEHOUSE_IPV6_PREFIX_FACTOR=2)", () => {
  let app: TestApp;

  beforeAll(async () => {
    app = await dynamoApp({
      clock: fixedClock(START),
      env: { GATEHOUSE_IP_MAX_ATTEMPTS: "2", GATEHOUSE_IPV6_PREFIX_FACTOR: "2" },
    });
  });

  const guess = (sourceIp: string) =>
    app.graphql(LOGIN, { email: uniqueEmail("sprayed"), password: "a guess!" }, { sourceIp });
  const failTwice = async (sourceIp: string) => {
    for (let i = 0; i < 2; i++) expect(errorOf(await guess(sourceIp))).toEqual(INVALID_CREDENTIALS);
  };

  it("refuses a source once its /64, its /56 or its /48 has spent its budget (2, 4 and 8)", async () => {
    // The /64 2001:db8:cc:101::/64 spends its 2.
    await failTwice("2001:db8:cc:101::1");
    expect(errorOf(await guess("2001:db8:cc:101::2"))).toEqual(LOGIN_LIMITED);
    // A second /64 of the same /56 spends the /56's 4: a third /64 there is refused.
    await failTwice("2001:db8:cc:102::1");
    expect(errorOf(await guess("2001:db8:cc:1ff::1"))).toEqual(LOGIN_LIMITED);
    // Another /56 of the same /48 spends the /48's 8: every /64 of it is refused.
    await failTwice("2001:db8:cc:201::1");
    await failTwice("2001:db8:cc:202::1");
    expect(errorOf(await guess("2001:db8:cc:ff01::1"))).toEqual(LOGIN_LIMITED);
    // Another /48 has budgets of its own.
    expect(errorOf(await guess("2001:db8:cd:101::1"))).toEqual(INVALID_CREDENTIALS);
  });

  it("hands back the counts in all three buckets when a login succeeds", async () => {
    const { user } = await signUp(app);
    for (let i = 0; i < 10; i++) {
      const response = app.graphql(
        LOGIN,
        { email: user.email, password: PASSWORD },
        { sourceIp: "2001:db8:dd:101::1" },
      );
      expect(dataOf(await response, "login")).toBeTruthy();
    }
    await failTwice("2001:db8:dd:101::1");
    await failTwice("2001:db8:dd:102::1");
  });
});

describe("the global budget of anonymous work (GATEHOUSE_ANON_MAX_ATTEMPTS=3 in GATEHOUSE_ANON_WINDOW=60)", () => {
  let app: TestApp;
  let clock: TestClock;

  beforeAll(async () => {
    clock = fixedClock(START);
    app = await dynamoApp({
      clock,
      env: { GATEHOUSE_ANON_MAX_ATTEMPTS: "3", GATEHOUSE_ANON_WINDOW: "60" },
    });
  });

  it("answers RATE_LIMITED to sign-ups, logins and refreshes once spent, while signed-in calls go on", async () => {
    const email = uniqueEmail();
    // 1: a sign-up counts, success or not.
    const first = dataOf<AuthPayloadData>(
      await app.graphql(SIGN_UP, { email, password: PASSWORD }, { sourceIp: "192.0.2.1" }),
      "signUp",
    );
    // Successful logins and refreshes are handed back: they do not count.
    for (let i = 0; i < 5; i++) {
      const response = await app.graphql(
        LOGIN,
        { email, password: PASSWORD },
        { sourceIp: `192.0.2.${10 + i}` },
      );
      const { refreshToken } = dataOf<AuthPayloadData>(response, "login");
      expect(
        dataOf(
          await app.graphql(REFRESH, { refreshToken }, { sourceIp: `192.0.2.${20 + i}` }),
          "refresh",
        ),
      ).toBeTruthy();
    }
    // 2: a failed login; 3: a failed refresh, each from an address of its own.
    expect(
      errorOf(
        await app.graphql(LOGIN, { email, password: "a wrong guess!" }, { sourceIp: "192.0.2.2" }),
      ),
    ).toEqual(INVALID_CREDENTIALS);
    expect(
      errorOf(
        await app.graphql(REFRESH, { refreshToken: UNKNOWN_REFRESH }, { sourceIp: "192.0.2.3" }),
      ),
    ).toEqual(INVALID_REFRESH);

    // Spent: every anonymous credential call is refused, from any address, right or wrong.
    const fresh = "192.0.2.99";
    expect(
      errorOf(
        await app.graphql(
          SIGN_UP,
          { email: uniqueEmail(), password: PASSWORD },
          { sourceIp: fresh },
        ),
      ),
    ).toEqual(SIGNUP_LIMITED);
    expect(
      errorOf(await app.graphql(LOGIN, { email, password: PASSWORD }, { sourceIp: fresh })),
    ).toEqual(LOGIN_LIMITED);
    expect(
      errorOf(
        await app.graphql(REFRESH, { refreshToken: first.refreshToken }, { sourceIp: fresh }),
      ),
    ).toEqual(REFRESH_LIMITED);
    // Signed-in traffic goes on.
    expect(
      dataOf<{ email: string }>(
        await app.graphql(ME, {}, { token: first.accessToken, sourceIp: fresh }),
        "me",
      ).email,
    ).toBe(email);

    // The next window has its budget again.
    clock.set(START + 60_000);
    expect(
      dataOf(
        await app.graphql(REFRESH, { refreshToken: first.refreshToken }, { sourceIp: fresh }),
        "refresh",
      ),
    ).toBeTruthy();
  });
});
