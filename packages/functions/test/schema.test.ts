import { readFile } from "node:fs/promises";
import { buildSchema, printSchema } from "graphql";
import { describe, expect, it } from "vitest";
import { createSchema, servedSchemaProblems } from "../src/index.js";

describe("the served schema", () => {
  it("passes every check GraphQL would make, which the cold start skips", () => {
    expect(servedSchemaProblems()).toEqual([]);
  });

  it("is the schema of schema.graphql, type for type", async () => {
    const source = await readFile(new URL("../../../schema.graphql", import.meta.url), "utf8");
    expect(printSchema(createSchema())).toBe(printSchema(buildSchema(source)));
  });
});
