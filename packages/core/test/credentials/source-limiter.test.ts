import { ERROR_CODES } from "@gatehouse/core";
import { TEST_SETTINGS } from "@gatehouse/testing";
import { describe, expect, it } from "vitest";
import { attemptKey } from "../../src/credentials/login-limiter.js";
import {
  sourceBucket,
  sourceBuckets,
  sourceBudgets,
  sourceKey,
} from "../../src/credentials/source-limiter.js";
import { authFixture, PASSWORD } from "../support/auth.js";
import { rejectionOf } from "../support/errors.js";

describe("sourceBucket", () => {
  it.each([
    ["an IPv4 address", "203.0.113.7", "203.0.113.7"],
    ["an IPv4-mapped IPv6 address", "::ffff:203.0.113.7", "203.0.113.7"],
    ["an IPv4-mapped IPv6 address in hex", "::ffff:cb00:7107", "203.0.113.7"],
    ["a compressed IPv6 address", "2001:db8::1", "2001:db8:0:0::/64"],
    ["a full IPv6 address", "2001:0db8:0000:0000:ffff:0000:0000:0001", "2001:db8:0:0::/64"],
    ["another address in the same /64", "2001:db8::dead:beef:1:2", "2001:db8:0:0::/64"],
    ["an upper-case IPv6 address with a zone", "2001:DB8:1:2::9%eth0", "2001:db8:1:2::/64"],
    ["the IPv6 loopback", "::1", "0:0:0:0::/64"],
  ])("counts %s as %s", (_, ip, bucket) => {
    expect(sourceBucket(ip)).toBe(bucket);
  });

  it("tells different /64 networks apart", () => {
    expect(sourceKey("2001:db8:0:1::1")).not.toBe(sourceKey("2001:db8:0:2::1"));
    expect(sourceKey("2001:db8::1")).toBe(sourceKey("2001:db8::2"));
  });

  it("keeps source counters apart from email counters", () => {
    expect(sourceKey("203.0.113.7")).not.toBe(attemptKey("203.0.113.7"));
  });
});

describe("sourceBuckets", () => {
  it.each([
    ["an IPv4 address", "203.0.113.7", ["203.0.113.7"]],
    ["an IPv4-mapped IPv6 address", "::ffff:203.0.113.7", ["203.0.113.7"]],
    [
      "an IPv6 address",
      "2001:db8:aa:12ab::1",
      ["2001:db8:aa:12ab::/64", "2001:db8:aa:1200::/56", "2001:db8:aa::/48"],
    ],
    [
      "an IPv6 address in the first /56 of its /48",
      "2001:DB8:0:ff::9%eth0",
      ["2001:db8:0:ff::/64", "2001:db8:0:0::/56", "2001:db8:0::/48"],
    ],
  ])("counts %s in %j", (_, ip, buckets) => {
    expect(sourceBuckets(ip)).toEqual(buckets);
  });

  it("gives the /56 and the /48 budgets that grow by the prefix factor", () => {
    const settings = { ...TEST_SETTINGS, sourceMaxAttempts: 30, sourcePrefixFactor: 4 };
    const budgets = sourceBudgets({ ip: "2001:db8::1" }, settings);
    expect(budgets.map((budget) => budget.max)).toEqual([30, 120, 480]);
    expect(new Set(budgets.map((budget) => budget.key)).size).toBe(3);
    expect(budgets[0]?.key).toBe(sourceKey("2001:db8::1"));
    expect(sourceBudgets({ ip: "203.0.113.7" }, settings).map((budget) => budget.max)).toEqual([
      30,
    ]);
  });
});

describe("IPv6 sources at /64, /56 and /48 (2, 4 and 8 per window)", () => {
  const fixture = () =>
    authFixture({ sourceMaxAttempts: 2, sourcePrefixFactor: 2, sourceWindowSeconds: 60 });
  const fail = (services: Awaited<ReturnType<typeof fixture>>["services"], ip: string) =>
    rejectionOf(services.credentials.login("nobody@example.com", "wrong password!", { ip }));

  it("refuses a fresh /64 once its /56 has spent its budget, and counts the refusal nowhere", async () => {
    const { services } = await fixture();
    for (const ip of ["2001:db8:0:101::1", "2001:db8:0:101::2", "2001:db8:0:102::1"]) {
      expect((await fail(services, ip)).code).toBe(ERROR_CODES.INVALID_CREDENTIALS);
    }
    expect((await fail(services, "2001:db8:0:101::3")).code).toBe(ERROR_CODES.RATE_LIMITED);
    expect((await fail(services, "2001:db8:0:102::2")).code).toBe(ERROR_CODES.INVALID_CREDENTIALS);

    const refused = await fail(services, "2001:db8:0:103::1");
    expect(refused.code).toBe(ERROR_CODES.RATE_LIMITED);
    expect(refused.message).toBe("Too many failed sign-in attempts. Try again later.");
    // The /48 counted 4 of its 8, refusals included none: another /56 still has its 4.
    for (const ip of ["2001:db8:0:201::1", "2001:db8:0:201::2", "2001:db8:0:202::1"]) {
      expect((await fail(services, ip)).code).toBe(ERROR_CODES.INVALID_CREDENTIALS);
    }
  });

  it("hands back the counts of all three buckets when the login succeeds", async () => {
    const { services, signUp } = await fixture();
    await signUp("ada@example.com");
    const source = { ip: "2001:db8:0:101::1" };
    for (let i = 0; i < 5; i++)
      await services.credentials.login("ada@example.com", PASSWORD, source);

    for (const ip of ["2001:db8:0:101::1", "2001:db8:0:101::2"]) {
      expect((await fail(services, ip)).code).toBe(ERROR_CODES.INVALID_CREDENTIALS);
    }
  });
});

describe("the per-source limit (3 per window)", () => {
  const source = { ip: "198.51.100.20" };
  const fixture = () => authFixture({ sourceMaxAttempts: 3, sourceWindowSeconds: 60 });

  it("refuses the fourth failed login from one address, whatever email each one names", async () => {
    const { services } = await fixture();
    for (const email of ["a@example.com", "b@example.com", "c@example.com"]) {
      const error = await rejectionOf(services.credentials.login(email, "wrong password!", source));
      expect(error.code).toBe(ERROR_CODES.INVALID_CREDENTIALS);
    }
    const error = await rejectionOf(services.credentials.login("d@example.com", PASSWORD, source));
    expect(error.code).toBe(ERROR_CODES.RATE_LIMITED);
    expect(error.message).toBe("Too many failed sign-in attempts. Try again later.");
  });

  it("counts every sign-up, successful or not, and not successful logins", async () => {
    const { services } = await fixture();
    await services.credentials.signUp("ada@example.com", PASSWORD, source);
    for (let i = 0; i < 5; i++)
      await services.credentials.login("ada@example.com", PASSWORD, source);
    await services.credentials.signUp("bob@example.com", PASSWORD, source);
    await rejectionOf(services.credentials.signUp("bob@example.com", PASSWORD, source));

    const error = await rejectionOf(
      services.credentials.signUp("eve@example.com", PASSWORD, source),
    );
    expect(error.code).toBe(ERROR_CODES.RATE_LIMITED);
    expect(error.message).toBe("Too many sign-up attempts. Try again later.");
    // Another address has its own budget.
    await services.credentials.signUp("eve@example.com", PASSWORD, { ip: "198.51.100.21" });
  });

  it("does not limit in-process callers that name no source", async () => {
    const { services } = await fixture();
    for (let i = 0; i < 5; i++) await services.credentials.signUp(`u${i}@example.com`, PASSWORD);
  });
});
