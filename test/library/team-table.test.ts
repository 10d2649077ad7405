// A team's context function gets Gatehouse's table and client, for its own items beside
// Gatehouse's: what the notes example (examples/notes) stores its notes through.
import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { type GatehouseParts, type GatehouseTable, signedIn } from "@gatehouse/functions";
import { describe, expect, it } from "vitest";
import { dataOf, dynamoApp, signUp, uniqueEmail } from "../support/gql.js";

const parts = (seen: GatehouseTable[]): GatehouseParts<GatehouseTable> => ({
  typeDefs: "extend type Mutation { remember(text: String!): String! }",
  rules: { Mutation: { remember: signedIn } },
  context: ({ table }) => {
    seen.push(table);
    return table;
  },
  resolvers: {
    Mutation: {
      remember: async (_parent, args: { text: string }, { app }) => {
        const Key = { pk: "TEAM#memo", sk: "MEMO" };
        await app.client.send(new PutCommand({ TableName: app.name, Item: { ...Key, ...args } }));
        const { Item } = await app.client.send(new GetCommand({ TableName: app.name, Key }));
        return Item?.text;
      },
    },
  },
});

describe("a team's context function", () => {
  it("gets Gatehouse's table and client, and its items live in that table", async () => {
    const seen: GatehouseTable[] = [];
    const app = await dynamoApp({ gatehouse: parts(seen) });
    const { accessToken } = await signUp(app, uniqueEmail());
    const answer = await app.graphql(
      'mutation { remember(text: "kept") }',
      {},
      { token: accessToken },
    );
    expect(dataOf(answer, "remember")).toBe("kept");
    expect(new Set(seen.map((table) => table.name))).toEqual(new Set([app.tableName]));
    expect(seen[0]?.client).toBe(app.runtime.table.client);
  });
});
