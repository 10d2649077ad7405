/**
 * The notes API as `npm run example:notes` serves it (the local server running
 * `src/handler.ts`), on a fresh table in the embedded DynamoDB, and a GraphQL client for it.
 */
import { randomUUID } from "node:crypto";
import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type LocalServer,
  loadOrCreateDevKeys,
  loadOrCreateTotpKeys,
  parseLocalSettings,
  startLocalServer,
} from "@gatehouse/functions/local";
import { inject } from "vitest";
import { NOTES_ROLES } from "../src/notes-api.js";

export const ADMIN = { email: "admin@example.com", password: "a long admin passphrase" };
export const PASSWORD = "correct horse battery staple";

/** One GraphQL answer. */
export interface Answer {
  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON shapes.
  readonly data?: any;
  readonly errors?: { message: string; extensions?: { code?: string } }[];
}

/** Starts the example's handler behind the local server; `close()` when done. */
export async function startNotesServer(): Promise<LocalServer> {
  const dir = await mkdtemp(join(tmpdir(), "notes-"));
  const keys = await loadOrCreateDevKeys(join(dir, "k.json"));
  const totpKeys = await loadOrCreateTotpKeys(join(dir, "totp-keys"));
  const env = {
    PORT: "0",
    GATEHOUSE_DATA_DIR: "memory",
    DYNAMODB_ENDPOINT: inject("dynamoEndpoint"),
    GATEHOUSE_TABLE_NAME: `notes-${randomUUID()}`,
    GATEHOUSE_SIGNING_KEYS: keys.keys,
    GATEHOUSE_TOTP_KEYS: totpKeys.keys,
    GATEHOUSE_ROLES: NOTES_ROLES,
    GATEHOUSE_ADMIN_EMAIL: ADMIN.email,
    GATEHOUSE_ADMIN_PASSWORD: ADMIN.password,
  };
  return startLocalServer(parseLocalSettings(env), env, {
    handlerModule: new URL("../src/handler.ts", import.meta.url).pathname,
  });
}

/** A GraphQL client for `server`: `gql(query, variables, token)`. */
export function client(server: LocalServer) {
  const url = `http://127.0.0.1:${server.address.port}/graphql`;
  return async (query: string, variables: object = {}, token?: string): Promise<Answer> => {
    const response = await fetch(url, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        ...(token === undefined ? {} : { authorization: `Bearer ${token}` }),
      },
      body: JSON.stringify({ query, variables }),
    });
    return (await response.json()) as Answer;
  };
}
