import { chmod, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { httpListener, loadOrCreateDevKeys } from "@gatehouse/functions/local";
import { fastHasher } from "@gatehouse/testing";
import { createTestApp } from "@gatehouse/testing/http";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";

let server: Server;
let base: string;

beforeAll(async () => {
  const app = await createTestApp({ endpoint: inject("dynamoEndpoint"), hasher: fastHasher() });
  server = createServer(httpListener(app.handler, app.runtime.config.maxBodyBytes));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** A raw request, so headers can repeat (fetch would merge them first). */
function raw(
  path: string,
  headers: [string, string][],
  body?: string,
): Promise<{
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}${path}`, { method: body ? "POST" : "GET" }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => {
        text += chunk;
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on("error", reject);
    for (const [name, value] of headers) req.appendHeader(name, value);
    req.end(body);
  });
}

describe("the local server (npm start)", () => {
  it("serves GraphQL through the Lambda handler", async () => {
    const response = await fetch(`${base}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        query:
          "mutation($e: String!, $p: String!) { signUp(email: $e, password: $p) { user { email } } }",
        variables: { e: "local@example.com", p: "a passphrase long enough" },
      }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({
      data: { signUp: { user: { email: "local@example.com" } } },
    });
  });

  it("answers a repeated Authorization header with 401, as API Gateway's joined header does", async () => {
    const response = await raw(
      "/graphql",
      [
        ["content-type", "application/json"],
        ["authorization", "Bearer a.b.c"],
        ["authorization", "Bearer d.e.f"],
      ],
      JSON.stringify({ query: "{ me { id } }" }),
    );
    expect(response.status).toBe(401);
    expect(response.headers["www-authenticate"]).toBe('Bearer error="invalid_token"');
    expect(JSON.parse(response.text).errors[0].extensions.code).toBe("UNAUTHENTICATED");
  });

  it("answers a body over the limit with 413 without reading all of it", async () => {
    const response = await fetch(`${base}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query: `{ me { id } } #${"x".repeat(200_000)}` }),
    });
    expect(response.status).toBe(413);
  });

  it("serves health and the well-known documents", async () => {
    expect((await fetch(`${base}/health`)).status).toBe(200);
    const jwks = await fetch(`${base}/.well-known/jwks.json`);
    expect(jwks.headers.get("cache-control")).toMatch(/^public, max-age=\d+$/);
    expect(((await jwks.json()) as { keys: unknown[] }).keys).toHaveLength(1);
  });
});

describe("the local signing keys (.gatehouse/signing-keys.json)", () => {
  let dir: string;
  const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "gatehouse-dev-keys-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("creates the key file 0600 in a new directory 0700 on first start", async () => {
    const path = join(dir, "fresh", ".gatehouse", "signing-keys.json");

    const { keys, created } = await loadOrCreateDevKeys(path);

    expect(created).toBe(true);
    expect(await modeOf(path)).toBe(0o600);
    expect(await modeOf(join(dir, "fresh", ".gatehouse"))).toBe(0o700);
    expect(await readFile(path, "utf8")).toBe(keys);
    expect(await loadOrCreateDevKeys(path)).toEqual({ keys, created: false });
  });

  it.each([
    ["0644", 0o644],
    ["0640", 0o640],
    ["0604", 0o604],
    ["0660", 0o660],
  ])(
    "refuses to start with an existing key file of mode %s, saying to chmod 600 it",
    async (label, mode) => {
      const path = join(dir, `open-${label}.json`);
      await writeFile(path, '{"keys":[]}\n');
      await chmod(path, mode);

      await expect(loadOrCreateDevKeys(path)).rejects.toThrow(
        `the local signing keys ${path} are open to other users (mode ${label}) and hold private keys: run \`chmod 600 ${path}\` (or delete the file to generate new keys) and start again`,
      );
      // Left as found: its owner decides whether to keep these keys.
      expect(await modeOf(path)).toBe(mode);
    },
  );

  it("uses an existing key file that only its owner can read", async () => {
    const first = join(dir, "owner-only", "signing-keys.json");
    const { keys } = await loadOrCreateDevKeys(first);
    await chmod(first, 0o400);

    expect(await loadOrCreateDevKeys(first)).toEqual({ keys, created: false });
  });
});
