/**
 * The embedded DynamoDB as the store tests reach it: document clients that are closed after
 * the file's tests, and fresh tables.
 */
import { randomUUID } from "node:crypto";
import { createDocumentClient } from "@gatehouse/core/dynamo";
import { ensureTable } from "@gatehouse/functions/local";
import { afterAll, inject } from "vitest";

/** The region and credentials the embedded DynamoDB accepts. */
export const LOCAL = {
  region: "local",
  credentials: { accessKeyId: "local", secretAccessKey: "local" },
};

/** Call at a file's top level: its clients are destroyed after the file's tests. */
export function embeddedDynamo() {
  const endpoint = inject("dynamoEndpoint");
  const clients: ReturnType<typeof createDocumentClient>[] = [];
  afterAll(() => {
    for (const client of clients) client.destroy();
  });
  /** A new document client, on the embedded DynamoDB unless `at` names another endpoint. */
  const newClient = (at: string = endpoint) => {
    const client = createDocumentClient({ endpoint: at, ...LOCAL });
    clients.push(client);
    return client;
  };
  return {
    endpoint,
    db: newClient(),
    newClient,
    /** A new, empty table. */
    async freshTable(): Promise<string> {
      const table = `gatehouse-test-${randomUUID()}`;
      await ensureTable(endpoint, table);
      return table;
    },
  };
}
