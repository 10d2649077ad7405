import { readFile } from "node:fs/promises";
import { createRoleSet } from "@gatehouse/core";
import { buildSchema, GraphQLEnumType, printSchema } from "graphql";
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

  it("holds the configured roles in its Role enum, and passes every check with them", () => {
    const roles = createRoleSet(["USER", "EDITOR", "ADMIN"]);
    const role = createSchema(roles).getType("Role");
    expect(role).toBeInstanceOf(GraphQLEnumType);
    const names = (role as GraphQLEnumType).getValues().map((value) => value.name);
    expect(names.sort()).toEqual(["ADMIN", "EDITOR", "USER"]);
    expect(servedSchemaProblems(roles)).toEqual([]);
  });
});
