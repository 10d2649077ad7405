import { readFile } from "node:fs/promises";
import { ACCESS, SETTINGS } from "@gatehouse/functions";
import { LOCAL_SETTINGS } from "@gatehouse/functions/local";
import { buildSchema, isObjectType } from "graphql";
import { describe, expect, it } from "vitest";
import { ACCOUNT_PAGE_MODULE, renderAccountPage } from "../../scripts/codegen/account-page-lib.js";
import { absolute, generate } from "../../scripts/codegen/codegen-lib.js";
import { renderConfiguration } from "../../scripts/codegen/configuration-doc-lib.js";
import { renderPermissions } from "../../scripts/codegen/permissions-doc-lib.js";

const root = new URL("../../", import.meta.url);

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

  it("keeps docs/configuration.md in step with the settings tables", async () => {
    const committed = await readFile(new URL("docs/configuration.md", root), "utf8");
    expect(committed, "run npm run docs:configuration").toBe(renderConfiguration());
  });

  it("keeps the account page's generated module in step with packages/functions/page/", async () => {
    const committed = await readFile(ACCOUNT_PAGE_MODULE, "utf8");
    expect(committed, "run npm run account-page").toBe(await renderAccountPage());
  });
});

describe("configuration", () => {
  it("promises in docs/contract.md the defaults the settings tables have", async () => {
    const contract = await readFile(new URL("docs/contract.md", root), "utf8");
    const defaults = new Map(
      [...Object.values(SETTINGS), ...Object.values(LOCAL_SETTINGS)].map((setting) => [
        setting.env,
        typeof setting.default === "string" ? setting.default : setting.default.local,
      ]),
    );
    // Rows naming one variable with a one-word default; the others say where each applies.
    const rows = [...contract.matchAll(/^\| `(\w+)` \| (`[^`]+`|\d+|unset) \|/gm)];
    expect(rows.length).toBeGreaterThan(10);
    for (const [, name = "", stated] of rows) expect(stated, name).toBe(defaults.get(name));
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
