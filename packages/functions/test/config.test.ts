import { generateTotpKey, loadSigningKeys, ROLE_NAME } from "@gatehouse/core";
import { memoryStores, testSigningKeys } from "@gatehouse/testing";
import { describe, expect, it } from "vitest";
import { parseConfig } from "../src/config.js";
import { parseLocalSettings } from "../src/local/settings.js";
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

describe("configuration", () => {
  it("lists every missing setting at once, each with how to fix it", () => {
    expect(problemsOf(() => parseConfig({}))).toEqual([
      "- GATEHOUSE_ISSUER is not set: set it to the API's public base URL, e.g. https://api.example.com",
      "- table name is not set: link the Table in SST, or set GATEHOUSE_TABLE_NAME",
      "- signing keys is not set: run `npm run -s keys -- generate --out keys.json && npx sst secret set SigningKeys < keys.json`, or set GATEHOUSE_SIGNING_KEYS",
    ]);
  });

  it("names each malformed value and its allowed range", async () => {
    const env = {
      ...(await valid()),
      GATEHOUSE_ACCESS_TOKEN_TTL: "15m",
      GATEHOUSE_SIGNUP: "maybe",
      GATEHOUSE_ENV: "staging",
      GATEHOUSE_ISSUER: "auth.example.com",
    };
    expect(problemsOf(() => parseConfig(env))).toEqual([
      '- GATEHOUSE_ISSUER must be an http(s) URL without query or fragment (got "auth.example.com")',
      '- GATEHOUSE_ENV must be one of development, production (got "staging")',
      '- GATEHOUSE_ACCESS_TOKEN_TTL must be a whole number from 60 to 86400 (got "15m")',
      '- GATEHOUSE_SIGNUP must be one of open, closed (got "maybe")',
    ]);
  });

  it("defaults to production, the contract's defaults, and an issuer without a trailing slash", async () => {
    const config = parseConfig({
      ...(await valid()),
      GATEHOUSE_ISSUER: "https://auth.example.com/",
    });
    expect(config.environment).toBe("production");
    expect(config.auth).toMatchObject({
      issuer: "https://auth.example.com",
      audience: "gatehouse",
      ttlSeconds: 900,
      refreshTtlSeconds: 2_592_000,
      signup: "open",
      loginMaxFailures: 5,
      loginMaxFailuresPerEmail: 100,
      loginWindowSeconds: 900,
      sourceMaxAttempts: 30,
      sourcePrefixFactor: 4,
      sourceWindowSeconds: 900,
      anonMaxAttempts: 3_000,
      anonWindowSeconds: 60,
      passwordMinLength: 15,
    });
    expect(config.maxBodyBytes).toBe(102_400);
  });

  it("prefers SST's linked table and secret over the environment", async () => {
    const config = parseConfig(await valid(), { tableName: "linked", signingKeys: "linked-keys" });
    expect(config.tableName).toBe("linked");
    expect(config.signingKeys).toBe("linked-keys");
  });

  it("refuses a malformed key set or an unknown algorithm at start, saying what is wrong", async () => {
    await expect(loadSigningKeys("{not json")).rejects.toThrow(
      'Signing keys: not valid JSON; expected a JWK Set {"keys":[...]}.',
    );
    const { keys } = JSON.parse(await testSigningKeys()) as { keys: Record<string, unknown>[] };
    await expect(loadSigningKeys({ keys: [{ ...keys[0], alg: "HS256" }] })).rejects.toThrow(
      /"alg" must be one of RS256, ES256, EdDSA/,
    );
  });

  it("refuses a per-email login ceiling below the per-source limit", async () => {
    const env = {
      ...(await valid()),
      GATEHOUSE_LOGIN_MAX_FAILURES: "10",
      GATEHOUSE_LOGIN_MAX_FAILURES_PER_EMAIL: "5",
    };
    expect(problemsOf(() => parseConfig(env))).toEqual([
      "- GATEHOUSE_LOGIN_MAX_FAILURES_PER_EMAIL (5) must be at least GATEHOUSE_LOGIN_MAX_FAILURES (10)",
    ]);
  });

  it("checks the local server's settings too", () => {
    expect(
      problemsOf(() => parseLocalSettings({ PORT: "http", GATEHOUSE_ADMIN_EMAIL: "a@b.co" })),
    ).toEqual([
      '- PORT must be a port number (got "http")',
      "- set both GATEHOUSE_ADMIN_EMAIL and GATEHOUSE_ADMIN_PASSWORD, or neither",
    ]);
    expect(parseLocalSettings({ GATEHOUSE_DATA_DIR: "memory" })).toMatchObject({
      port: 4000,
      dataDir: null,
      admin: null,
    });
  });

  it("listens on the loopback interface unless GATEHOUSE_HOST says otherwise", () => {
    expect(parseLocalSettings({}).host).toBe("127.0.0.1");
    expect(parseLocalSettings({ GATEHOUSE_HOST: "0.0.0.0" }).host).toBe("0.0.0.0");
    expect(problemsOf(() => parseLocalSettings({ GATEHOUSE_HOST: "a host" }))).toEqual([
      '- GATEHOUSE_HOST must be an address or host name (got "a host")',
    ]);
  });
});

const SHAPE = "role names of A-Z, 0-9 and _, starting with a letter, at most 32 characters";

describe("GATEHOUSE_ROLES", () => {
  it("defaults to USER and ADMIN", async () => {
    expect(parseConfig(await valid()).auth.roles.names).toEqual(["USER", "ADMIN"]);
  });

  it("takes a team's roles in their order, trimmed", async () => {
    const config = parseConfig({ ...(await valid()), GATEHOUSE_ROLES: "USER, EDITOR ,ADMIN" });
    expect(config.auth.roles.names).toEqual(["USER", "EDITOR", "ADMIN"]);
    expect(config.auth.roles.has("EDITOR")).toBe(true);
  });

  it("refuses a set without ADMIN or USER, saying why each is needed", async () => {
    const env = await valid();
    expect(problemsOf(() => parseConfig({ ...env, GATEHOUSE_ROLES: "USER,EDITOR" }))).toEqual([
      `- GATEHOUSE_ROLES must include ADMIN: Gatehouse's own rules need it (got "USER,EDITOR")`,
    ]);
    expect(problemsOf(() => parseConfig({ ...env, GATEHOUSE_ROLES: "EDITOR,ADMIN" }))).toEqual([
      '- GATEHOUSE_ROLES must include USER: sign-up grants it (got "EDITOR,ADMIN")',
    ]);
  });

  it("refuses malformed and repeated names, listing each with the other problems", async () => {
    const env = {
      ...(await valid()),
      GATEHOUSE_SIGNUP: "maybe",
      GATEHOUSE_ROLES: "USER,editor,ADMIN,,USER,A-B",
    };
    expect(problemsOf(() => parseConfig(env))).toEqual([
      '- GATEHOUSE_SIGNUP must be one of open, closed (got "maybe")',
      `- GATEHOUSE_ROLES must list ${SHAPE} (got "editor")`,
      `- GATEHOUSE_ROLES must list ${SHAPE} (got "")`,
      "- GATEHOUSE_ROLES lists USER twice",
      `- GATEHOUSE_ROLES must list ${SHAPE} (got "A-B")`,
    ]);
  });

  it("accepts exactly the names core's role sets accept", async () => {
    const env = await valid();
    const samples = ["EDITOR", "A", "A_1", `R${"X".repeat(31)}`, `R${"X".repeat(32)}`];
    const odd = ["editor", "1A", "_A", "A-B", "É"];
    for (const name of [...samples, ...odd]) {
      const accepted = (() => {
        try {
          parseConfig({ ...env, GATEHOUSE_ROLES: `USER,ADMIN,${name}` });
          return true;
        } catch {
          return false;
        }
      })();
      expect([name, accepted]).toEqual([name, ROLE_NAME.test(name)]);
    }
  });

  describe("mail", () => {
    it("defaults to SES from Gatehouse <no-reply@localhost>", async () => {
      const config = parseConfig(await valid());
      expect([config.mail, config.mailFrom]).toEqual(["ses", "Gatehouse <no-reply@localhost>"]);
    });

    it.each(["console", "ses", "smtp://127.0.0.1:1025", "smtp://user:p%40ss@mail.example.com:587"])(
      "accepts GATEHOUSE_MAIL=%s",
      async (mail) => {
        expect(parseConfig({ ...(await valid()), GATEHOUSE_MAIL: mail }).mail).toBe(mail);
      },
    );

    it("lists a bad transport and sender without repeating a value that may hold a password", async () => {
      const env = {
        ...(await valid()),
        GATEHOUSE_MAIL: "smtp://user:hunter2@mail.example.com",
        GATEHOUSE_MAIL_FROM: "Gatehouse",
      };
      expect(problemsOf(() => parseConfig(env))).toEqual([
        "- GATEHOUSE_MAIL must be `console`, `ses` or `smtp://[user:pass@]host:port` (the value is not shown: it may hold a password)",
        '- GATEHOUSE_MAIL_FROM must be an address or `Name <address>` (got "Gatehouse")',
      ]);
    });
  });
});

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
    const config = parseConfig({
      ...(await valid()),
      GATEHOUSE_TOTP_KEYS: generateTotpKey("k1"),
      GATEHOUSE_MAIL: "console",
    });
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
