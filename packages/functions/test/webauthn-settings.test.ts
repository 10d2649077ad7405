import { testSigningKeys } from "@gatehouse/testing";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../src/config.js";

const valid = async () => ({
  GATEHOUSE_ISSUER: "https://auth.example.com/",
  GATEHOUSE_TABLE_NAME: "table",
  GATEHOUSE_SIGNING_KEYS: await testSigningKeys(),
});

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    return (error as Error).message.split("\n").slice(1);
  }
  throw new Error("expected a TypeError");
}

describe("passkey settings", () => {
  it("default to the issuer's host name and origin", async () => {
    const { auth } = parseConfig(await valid());

    expect(auth.webauthnRpId).toBe("auth.example.com");
    expect(auth.webauthnOrigins).toEqual(["https://auth.example.com"]);
  });

  it("is localhost for a local issuer", async () => {
    const { auth } = parseConfig({ ...(await valid()), GATEHOUSE_ISSUER: "http://localhost:4000" });

    expect(auth.webauthnRpId).toBe("localhost");
    expect(auth.webauthnOrigins).toEqual(["http://localhost:4000"]);
  });

  it("takes a parent domain and origins under it", async () => {
    const { auth } = parseConfig({
      ...(await valid()),
      GATEHOUSE_WEBAUTHN_RP_ID: "example.com",
      GATEHOUSE_WEBAUTHN_ORIGINS: "https://example.com, https://app.example.com",
    });

    expect(auth.webauthnRpId).toBe("example.com");
    expect(auth.webauthnOrigins).toEqual(["https://example.com", "https://app.example.com"]);
  });

  it("refuses an RP id that is not a domain, and origins off it or not secure, at start", async () => {
    const env = await valid();
    expect(
      problemsOf(() => parseConfig({ ...env, GATEHOUSE_WEBAUTHN_RP_ID: "Example.com:443" })),
    ).toEqual([
      '- GATEHOUSE_WEBAUTHN_RP_ID must be a lower-case domain name without scheme or port (got "Example.com:443")',
      '- GATEHOUSE_WEBAUTHN_ORIGINS: https://auth.example.com is not on the relying party id "Example.com:443" or under it',
    ]);
    expect(
      problemsOf(() =>
        parseConfig({
          ...env,
          GATEHOUSE_WEBAUTHN_ORIGINS:
            "https://evil.test,http://app.auth.example.com,https://auth.example.com/path",
        }),
      ),
    ).toEqual([
      '- GATEHOUSE_WEBAUTHN_ORIGINS must list exact origins like https://app.example.com, comma-separated, without path or trailing slash (got "https://auth.example.com/path")',
      '- GATEHOUSE_WEBAUTHN_ORIGINS: https://evil.test is not on the relying party id "auth.example.com" or under it',
    ]);
  });

  it("refuses a plain-http origin other than localhost", async () => {
    const env = { ...(await valid()), GATEHOUSE_WEBAUTHN_ORIGINS: "http://app.auth.example.com" };

    expect(problemsOf(() => parseConfig(env))).toEqual([
      "- GATEHOUSE_WEBAUTHN_ORIGINS: http://app.auth.example.com must be https (http only on localhost)",
    ]);
  });

  it("refuses a configured RP id that the issuer's origin is not on when no origins are set", async () => {
    const env = await valid();

    expect(
      problemsOf(() => parseConfig({ ...env, GATEHOUSE_WEBAUTHN_RP_ID: "other.test" })),
    ).toEqual([
      '- GATEHOUSE_WEBAUTHN_ORIGINS: https://auth.example.com is not on the relying party id "other.test" or under it',
    ]);
  });
});
