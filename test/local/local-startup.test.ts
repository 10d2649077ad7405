// `npm start`'s start-up path (startLocalServer, which main.ts runs) and its embedded store.
import { randomUUID } from "node:crypto";
import { chmod, mkdtemp, readdir, rm, stat, writeFile } from "node:fs/promises";
import { request as httpRequest } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Email, generateTotpKey } from "@gatehouse/core";
import { createDocumentClient, dynamoStores } from "@gatehouse/core/dynamo";
import {
  type EmbeddedDynamo,
  parseLocalSettings,
  startEmbeddedDynamo,
  startLocalServer,
} from "@gatehouse/functions/local";
import { testSigningKeys } from "@gatehouse/testing";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

const PASSWORD = "a passphrase long enough";
const local = { region: "local", credentials: { accessKeyId: "local", secretAccessKey: "local" } };

let keys: string;
// Given, as the signing keys are, so no test writes a key file into the working directory.
const totpKeys = generateTotpKey("test");
beforeAll(async () => {
  keys = await testSigningKeys();
});

/** The environment of an `npm start` on the shared embedded store, on a table of its own. */
function envOn(tableName: string, extra: Record<string, string> = {}) {
  return {
    PORT: "0",
    GATEHOUSE_DATA_DIR: "memory",
    DYNAMODB_ENDPOINT: inject("dynamoEndpoint"),
    GATEHOUSE_TABLE_NAME: tableName,
    GATEHOUSE_SIGNING_KEYS: keys,
    GATEHOUSE_TOTP_KEYS: totpKeys,
    ...extra,
  };
}

async function start(env: Record<string, string>) {
  return startLocalServer(parseLocalSettings(env), env);
}

async function signUp(base: string, email: string, password: string) {
  const response = await fetch(`${base}/graphql`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      query:
        "mutation($e: String!, $p: String!) { signUp(email: $e, password: $p) { user { id } } }",
      variables: { e: email, p: password },
    }),
  });
  return (await response.json()) as { data?: { signUp: { user: { id: string } } } };
}

describe("npm start's HTTP server", () => {
  it("binds to 127.0.0.1 by default", async () => {
    const server = await start(envOn(`gatehouse-local-${randomUUID()}`));
    try {
      expect(server.address.address).toBe("127.0.0.1");
    } finally {
      await server.close();
    }
  });

  it("serves /account from the account page's handler and /graphql from the API's, as deployed", async () => {
    const server = await start(envOn(`gatehouse-local-${randomUUID()}`));
    const base = `http://127.0.0.1:${server.address.port}`;
    try {
      const page = await fetch(`${base}/account`);
      expect(page.status).toBe(200);
      expect(page.headers.get("content-security-policy")).toContain("default-src 'none'");
      expect(await page.text()).toContain("<title>Your account · Gatehouse</title>");
      const missing = await fetch(`${base}/account/nope`);
      expect(missing.status).toBe(404);
      expect(await missing.json()).toEqual({ error: "not_found" });
      expect((await signUp(base, `page-${randomUUID()}@example.com`, PASSWORD)).data).toBeDefined();
    } finally {
      await server.close();
    }
  });

  it("answers 404 for /account when GATEHOUSE_ACCOUNT_PAGE is off", async () => {
    const env = envOn(`gatehouse-local-${randomUUID()}`, { GATEHOUSE_ACCOUNT_PAGE: "off" });
    const server = await start(env);
    try {
      const response = await fetch(`http://127.0.0.1:${server.address.port}/account`);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: "not_found" });
    } finally {
      await server.close();
    }
  });
});

describe("npm start's admin seeding", () => {
  it("refuses to start, promoting nobody, when the admin email belongs to an account with another password", async () => {
    const tableName = `gatehouse-local-${randomUUID()}`;
    const email = "squatted.admin@example.com";
    const squatterPassword = "the squatter's own passphrase";
    const first = await start(envOn(tableName));
    try {
      const base = `http://127.0.0.1:${first.address.port}`;
      expect((await signUp(base, email, squatterPassword)).data).toBeDefined();
    } finally {
      await first.close();
    }

    const adminPassword = "the operator's admin passphrase";
    const error = await start(
      envOn(tableName, { GATEHOUSE_ADMIN_EMAIL: email, GATEHOUSE_ADMIN_PASSWORD: adminPassword }),
    ).then(
      (server) => server.close().then(() => new Error("started")),
      (reason: unknown) => reason as Error,
    );

    expect(error.message).toBe(
      "GATEHOUSE_ADMIN_EMAIL: An account with the admin email already exists with another " +
        "password; it was not made ADMIN. Sign in as that account and change its password to " +
        "GATEHOUSE_ADMIN_PASSWORD, or choose another admin email.",
    );
    for (const secret of [adminPassword, squatterPassword, "$argon2"]) {
      expect(error.message).not.toContain(secret);
    }
    const db = createDocumentClient({ endpoint: inject("dynamoEndpoint"), ...local });
    try {
      const squatter = await dynamoStores(db, tableName).users.getByEmail(email as Email);
      expect(squatter?.roles).toEqual(["USER"]);
    } finally {
      db.destroy();
    }
  });
});

describe("npm start's data directory", () => {
  let dir: string;
  let umask: number;
  beforeAll(async () => {
    umask = process.umask();
    dir = await mkdtemp(join(tmpdir(), "gatehouse-data-"));
  });
  afterAll(async () => {
    process.umask(umask);
    await rm(dir, { recursive: true, force: true });
  });

  async function modes(path: string): Promise<Record<string, string>> {
    const found: Record<string, string> = {};
    for (const entry of await readdir(path, { withFileTypes: true, recursive: true })) {
      const full = join(entry.parentPath, entry.name);
      found[full.slice(dir.length)] = ((await stat(full)).mode & 0o777).toString(8);
    }
    return found;
  }

  it("keeps the data directory 0700 and its files 0600, fixing an existing directory", async () => {
    // A directory left by an earlier version, under the default umask.
    process.umask(0o022);
    await chmod(dir, 0o755);
    await writeFile(join(dir, "LOG.old"), "earlier\n", { mode: 0o644 });

    const { GATEHOUSE_TABLE_NAME: _, DYNAMODB_ENDPOINT: __, ...env } = envOn("unused");
    const server = await start({ ...env, GATEHOUSE_DATA_DIR: dir });
    try {
      const base = `http://127.0.0.1:${server.address.port}`;
      expect((await signUp(base, "private.data@example.com", PASSWORD)).data).toBeDefined();
    } finally {
      await server.close();
    }

    expect(((await stat(dir)).mode & 0o777).toString(8)).toBe("700");
    const found = await modes(dir);
    expect(Object.keys(found).length).toBeGreaterThan(1);
    for (const [path, mode] of Object.entries(found))
      expect({ path, mode }).toEqual({ path, mode: "600" });
  });
});

describe("the embedded DynamoDB", () => {
  let dynamo: EmbeddedDynamo;
  beforeAll(async () => {
    dynamo = await startEmbeddedDynamo();
  });
  afterAll(() => dynamo.close());

  function send(method: string, headers: Record<string, string>) {
    return new Promise<{ status: number; headers: Record<string, unknown>; text: string }>(
      (resolve, reject) => {
        const req = httpRequest(dynamo.endpoint, { method, headers }, (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => {
            text += chunk;
          });
          res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
        });
        req.on("error", reject);
        req.end(method === "POST" ? "{}" : undefined);
      },
    );
  }
  const LIST_TABLES = {
    "content-type": "application/x-amz-json-1.0",
    "x-amz-target": "DynamoDB_20120810.ListTables",
  };

  it("refuses a request that carries an Origin header, with no CORS headers", async () => {
    const response = await send("POST", { ...LIST_TABLES, origin: "https://evil.example" });

    expect(response.status).toBe(403);
    expect(
      Object.keys(response.headers).filter((name) => name.startsWith("access-control-")),
    ).toEqual([]);
    expect(response.text).not.toContain("TableNames");
  });

  it("refuses a CORS preflight, with no CORS headers", async () => {
    const response = await send("OPTIONS", {
      origin: "https://evil.example",
      "access-control-request-method": "POST",
      "access-control-request-headers": "content-type,x-amz-target",
    });

    expect(response.status).toBe(403);
    expect(
      Object.keys(response.headers).filter((name) => name.startsWith("access-control-")),
    ).toEqual([]);
  });

  it("refuses a request naming another host, as a DNS-rebound page would", async () => {
    const response = await send("POST", { ...LIST_TABLES, host: "evil.example" });

    expect(response.status).toBe(403);
  });
});
