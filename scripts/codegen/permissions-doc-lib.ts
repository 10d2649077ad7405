import {
  ACCESS,
  type Access,
  accessOf,
  type FieldAccess,
} from "../../packages/functions/src/graphql/access.js";

const CELLS: Record<Access, readonly [anonymous: string, user: string, admin: string]> = {
  public: ["yes", "yes", "yes"],
  signedIn: ["—", "yes", "yes"],
  admin: ["—", "—", "yes"],
  adminOrSelf: ["—", "own", "yes"],
  adminOrOwner: ["—", "own", "yes"],
};

const MEANING: Record<Access, string> = {
  public: "anyone (reachable only through the fields that return it)",
  signedIn: "any valid, unrevoked access token",
  admin: "the `ADMIN` role",
  adminOrSelf: "`ADMIN`, or the caller when the id argument names them (absent: the caller)",
  adminOrOwner: "`ADMIN`, or the user the object describes",
};

/** Renders docs/permissions.md from the shield rule map. */
export function renderPermissions(): string {
  const lines = [
    "# Permissions",
    "",
    "Generated from `packages/functions/src/graphql/access.ts` by `npm run docs:permissions`;",
    "a test fails when this file is out of date. Every field not listed is denied (`fallbackRule: deny`).",
    "A denied field answers `UNAUTHENTICATED` without a token and `FORBIDDEN` with one.",
    "",
    "| field | anonymous | USER | ADMIN | rule |",
    "| --- | --- | --- | --- | --- |",
  ];
  for (const [type, fields] of Object.entries(ACCESS)) {
    for (const [field, entry] of Object.entries(fields) as [string, FieldAccess][]) {
      const access = accessOf(entry);
      const [anonymous, user, admin] = CELLS[access];
      lines.push(`| \`${type}.${field}\` | ${anonymous} | ${user} | ${admin} | \`${access}\` |`);
    }
  }
  lines.push("", "## Rules", "");
  for (const [access, meaning] of Object.entries(MEANING))
    lines.push(`- \`${access}\`: ${meaning}`);
  return `${lines.join("\n")}\n`;
}
