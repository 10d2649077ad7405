// `npm run example:notes`: the local server serving a team's Lambda entry file instead of
// Gatehouse's own (startLocalServer's `handlerModule`).
import { randomUUID } from "node:crypto";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { generateTotpKey } from "@gatehouse/core";
import { parseLocalSettings, startLocalServer } from "@gatehouse/functions/local";
import { testSigningKeys } from "@gatehouse/testing";
import { describe, expect, inject, it } from "vitest";

async function envOn() {
  return {
    PORT: "0",
    GATEHOUSE_DATA_DIR: "memory",
    DYNAMODB_ENDPOINT: inject("dynamoEndpoint"),
    GATEHOUSE_TABLE_NAME: `gatehouse-team-${randomUUID()}`,
    GATEHOUSE_SIGNING_KEYS: await testSigningKeys(),
    GATEHOUSE_TOTP_KEYS: generateTotpKey("test"),
    GATEHOUSE_ROLES: "USER,EDITOR,ADMIN",
  };
}

describe("the local server with a team's handler module", () => {
  it("serves the module's handler, the team's fields beside Gatehouse's", async () => {
    const env = await envOn();
    const server = await startLocalServer(parseLocalSettings(env), env, {
      handlerModule: "examples/notes/src/handler.ts",
    });
    try {
      const response = await fetch(`http://127.0.0.1:${server.address.port}/graphql`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query: "{ myNotes { id } }" }),
      });
      const body = (await response.json()) as { errors: { message: string; extensions: object }[] };
      // The field exists (no validation error) and its rule answers: the notes API is served.
      expect(body.errors[0]?.extensions).toEqual({ code: "UNAUTHENTICATED" });
      expect(body.errors[0]?.message).toBe("You must be signed in.");
    } finally {
      await server.close();
    }
  });

  it("serves the account page beside the module's handler", async () => {
    const env = await envOn();
    const server = await startLocalServer(parseLocalSettings(env), env, {
      handlerModule: "examples/notes/src/handler.ts",
    });
    try {
      const response = await fetch(`http://127.0.0.1:${server.address.port}/account`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain("<title>Your account · Gatehouse</title>");
    } finally {
      await server.close();
    }
  });

  it("refuses to start, saying so, when the module exports no handler", async () => {
    const dir = await mkdtemp(join(tmpdir(), "gatehouse-team-"));
    const module = join(dir, "entry.mjs");
    await writeFile(module, "export const handlr = () => {};\n");
    const env = await envOn();
    await expect(
      startLocalServer(parseLocalSettings(env), env, { handlerModule: module }),
    ).rejects.toThrow(`${module} exports no \`handler\` function`);
  });
});
