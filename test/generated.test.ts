import { readFile } from "node:fs/promises";
import { ACCESS } from "@gatehouse/functions";
import { buildSchema, isObjectType } from "graphql";
import { describe, expect, it } from "vitest";
import { absolute, generate } from "../scripts/codegen/codegen-lib.js";
import { renderPermissions } from "../scripts/codegen/permissions-doc-lib.js";

const root = new URL("../", import.meta.url);

describe("generated files", () => {
  it("keeps the committed resolver types and SDL in step with schema.graphql", async () => {
    for (const file of await generate()) {
      expect(await readFile(absolute(file), "utf8"), `${file.path}: run npm run codegen`).toBe(
        file.content,
      );
    }
  });

  it("keeps docs/permissions.md in step with the rule map", async () => {
    const committed = await readFile(new URL("docs/permissions.md", root), "utf8");
    expect(committed, "run npm run docs:permissions").toBe(renderPermissions());
  });
});

describe("permissions", () => {
  it("has a rule for every field of schema.graphql, and none for fields that do not exist", async () => {
    const schema = buildSchema(await readFile(new URL("schema.graphql", root), "utf8"));
    const schemaFields = Object.values(schema.getTypeMap())
      .filter((type) => isObjectType(type) && !type.name.startsWith("__"))
      .flatMap((type) =>
        isObjectType(type)
          ? Object.keys(type.getFields()).map((field) => `${type.name}.${field}`)
          : [],
      )
      .sort();
    const ruleFields = Object.entries(ACCESS)
      .flatMap(([type, fields]) => Object.keys(fields).map((field) => `${type}.${field}`))
      .sort();
    expect(ruleFields).toEqual(schemaFields);
  });
});
