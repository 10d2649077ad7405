import { createRoleSet } from "@gatehouse/core";
import { assertEveryFieldHasARule, hasRole, signedIn } from "@gatehouse/functions";
import { describe, expect, it } from "vitest";
import { dynamoApp } from "../support/gql.js";
import { NOTES_ROLES, NOTES_RULES, NOTES_TYPE_DEFS, notesApi } from "../support/notes-api.js";

// Deny by default across Gatehouse's schema and a team's: what createGatehouse refuses at
// start, and the same check a team runs in its own tests.

const ROLES = createRoleSet(NOTES_ROLES.split(","));
const { Note, ...otherRules } = NOTES_RULES;
const { secret: _secret, ...noteRulesButSecret } = Note ?? {};
const WITHOUT_TWO_RULES = {
  ...otherRules,
  Query: { myClaims: signedIn },
  Note: noteRulesButSecret,
};

function appWith(parts: Parameters<typeof assertEveryFieldHasARule>[0]) {
  return dynamoApp({
    env: { GATEHOUSE_ROLES: NOTES_ROLES },
    gatehouse: { ...notesApi(), ...parts },
  });
}

describe("a team schema that only GraphQL's validation can fault", () => {
  // A type that claims an interface without its field parses and builds: only validation sees it.
  const typeDefs = `${NOTES_TYPE_DEFS}
    interface Named { name: String! }
    type Tag implements Named { id: ID! }
    extend type Query { tags: [Tag!]! }`;
  const rules = { ...NOTES_RULES, Query: { ...NOTES_RULES.Query, tags: signedIn } };
  const tagRules = { ...rules, Tag: { id: signedIn } };

  it("stops createGatehouse in development, where the team develops it", async () => {
    await expect(appWith({ typeDefs, rules: tagRules })).rejects.toThrow(
      /Interface field Named\.name expected but Tag does not provide it/,
    );
  });

  it("is refused by the helper a team runs in its tests", () => {
    expect(() => assertEveryFieldHasARule({ typeDefs, rules: tagRules }, ROLES)).toThrow(
      /Interface field Named\.name expected but Tag does not provide it/,
    );
  });

  it("is not validated again at a production cold start: the rules still are", async () => {
    const production = (parts: Parameters<typeof assertEveryFieldHasARule>[0]) =>
      dynamoApp({
        env: { GATEHOUSE_ROLES: NOTES_ROLES, GATEHOUSE_ENV: "production" },
        gatehouse: { ...notesApi(), ...parts },
      });
    await expect(production({ typeDefs, rules: tagRules })).resolves.toBeDefined();
    await expect(production({ typeDefs, rules })).rejects.toThrow(/fields without a rule: Tag\.id/);
  });
});

describe("createGatehouse at start", () => {
  it("fails naming every field of the team's that has no rule", async () => {
    await expect(appWith({ rules: WITHOUT_TWO_RULES })).rejects.toThrow(
      /fields without a rule: Query\.notes, Note\.secret/,
    );
  });

  it("fails when the team's typeDefs redefine one of Gatehouse's fields", async () => {
    const typeDefs = `${NOTES_TYPE_DEFS} extend type Query { me: String }`;
    await expect(appWith({ typeDefs })).rejects.toThrow(
      /typeDefs redefine Gatehouse's own Query\.me/,
    );
  });

  it("fails when the team's rules or resolvers override Gatehouse's", async () => {
    const rules = { ...NOTES_RULES, Query: { ...NOTES_RULES.Query, users: signedIn } };
    const resolvers = { ...notesApi().resolvers, Mutation: { logout: () => true } };
    await expect(appWith({ rules, resolvers })).rejects.toThrow(
      /resolvers override Gatehouse's own Mutation\.logout\n.*rules override Gatehouse's own Query\.users/,
    );
  });

  it("fails when a rule names a role that is not configured", async () => {
    const rules = { ...NOTES_RULES, Query: { ...NOTES_RULES.Query, notes: hasRole("AUDITOR") } };
    await expect(appWith({ rules })).rejects.toThrow(
      /rules name roles that are not configured: AUDITOR \(GATEHOUSE_ROLES: USER,EDITOR,ADMIN\)/,
    );
  });

  it("fails when a rule names a field the schema does not have", async () => {
    const rules = { ...NOTES_RULES, Note: { ...NOTES_RULES.Note, colour: signedIn } };
    await expect(appWith({ rules })).rejects.toThrow(
      /rules for fields the schema does not have: Note\.colour/,
    );
  });
});

describe("assertEveryFieldHasARule", () => {
  it("passes a team API with a rule for every field", () => {
    expect(() =>
      assertEveryFieldHasARule({ typeDefs: NOTES_TYPE_DEFS, rules: NOTES_RULES }, ROLES),
    ).not.toThrow();
  });

  it("fails naming every field without a rule, as createGatehouse does", () => {
    expect(() =>
      assertEveryFieldHasARule({ typeDefs: NOTES_TYPE_DEFS, rules: WITHOUT_TWO_RULES }, ROLES),
    ).toThrow(/fields without a rule: Query\.notes, Note\.secret/);
  });

  it("fails on a Gatehouse field redefined, whatever the roles", () => {
    expect(() =>
      assertEveryFieldHasARule({ typeDefs: "extend type Mutation { login: Boolean }" }),
    ).toThrow(/typeDefs redefine Gatehouse's own Mutation\.login/);
  });
});
