import type { AddressInfo } from "node:net";
import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import { createDocumentClient } from "@gatehouse/core/dynamo";
import { ensureTable } from "@gatehouse/functions/local";
import dynalite from "dynalite";
import { describe, expect, it } from "vitest";

const local = { region: "local", credentials: { accessKeyId: "local", secretAccessKey: "local" } };

describe("the embedded DynamoDB's table", () => {
  it("returns from ensureTable only once the table is ACTIVE", async () => {
    // A table that stays CREATING for a while, as one does on a loaded machine.
    const server = dynalite({ createTableMs: 1_000 });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const db = createDocumentClient({ endpoint, ...local });
    try {
      await ensureTable(endpoint, "gatehouse-slow");

      const { Table } = await db.send(new DescribeTableCommand({ TableName: "gatehouse-slow" }));
      expect(Table?.TableStatus).toBe("ACTIVE");
    } finally {
      db.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
