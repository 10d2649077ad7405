import { generateTotpKey } from "@gatehouse/core";
import { memoryStores, testSigningKeys } from "@gatehouse/testing";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../src/config.js";
import { createRuntime } from "../src/runtime.js";

const valid = async () => ({
  GATEHOUSE_ISSUER: "https://auth.example.com",
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

describe("the TOTP keys (GATEHOUSE_TOTP_KEYS)", () => {
  it("refuses a malformed value at start without repeating it", () => {
    const leaked = "k1:not-a-key-at-all";

    const refused = problemsOf(() =>
      parseConfig({
        GATEHOUSE_ISSUER: "https://auth.example.com",
        GATEHOUSE_TABLE_NAME: "table",
        GATEHOUSE_SIGNING_KEYS: "{}",
        GATEHOUSE_TOTP_KEYS: leaked,
      }),
    );

    expect(refused).toEqual([
      "- GATEHOUSE_TOTP_KEYS must be `id:key` entries, comma-separated, each key 32 bytes in base64url (the value is not shown: it holds keys); see infra/secrets.ts for making one",
    ]);
    expect(refused.join()).not.toContain("not-a-key");
  });

  it("takes several keys, the linked secret winning over the variable", async () => {
    const [first, second] = [generateTotpKey("new"), generateTotpKey("old")];
    const config = parseConfig(
      { ...(await valid()), GATEHOUSE_TOTP_KEYS: first },
      { totpKeys: `${second},${first}` },
    );

    expect(config.totpKeys).toBe(`${second},${first}`);
  });

  it("fails the cold start when a key is listed twice, naming the id only", async () => {
    const key = generateTotpKey("k1");
    const config = parseConfig({ ...(await valid()), GATEHOUSE_TOTP_KEYS: `${key},${key}` });

    await expect(createRuntime(config, { stores: memoryStores() })).rejects.toThrow(
      "Invalid Gatehouse configuration:\n- GATEHOUSE_TOTP_KEYS: TOTP key k1 is listed twice",
    );
  });

  it("builds a second-factor service that seals secrets with the configured keys", async () => {
    const stores = memoryStores();
    const config = parseConfig({ ...(await valid()), GATEHOUSE_TOTP_KEYS: generateTotpKey("k1") });
    const runtime = await createRuntime(config, { stores });
    const { user, accessToken } = await runtime.services.credentials.signUp(
      "ada@example.com",
      "correct horse battery staple",
    );
    const principal = await runtime.services.authenticator.authenticate(`Bearer ${accessToken}`);
    if (principal?.account === undefined) throw new Error("no profile");

    const { uri } = await runtime.services.secondFactors.beginTotpEnrollment(principal.account);
    const pending = await stores.factors.getPendingTotp(user.id, Date.now());

    expect(uri).toMatch(/^otpauth:\/\/totp\/auth\.example\.com:ada%40example\.com\?/);
    expect(pending?.sealedSecret).toMatch(/^v1\.k1\./);
  });
});
