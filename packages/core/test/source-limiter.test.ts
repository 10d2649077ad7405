import { attemptKey, ERROR_CODES, sourceBucket, sourceKey } from "@gatehouse/core";
import { describe, expect, it } from "vitest";
import { authFixture, PASSWORD } from "./support/auth.js";
import { rejectionOf } from "./support/errors.js";

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
