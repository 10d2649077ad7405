import {
  ACCESS,
  type Access,
  accessOf,
  type FieldAccess,
  gateOf,
} from "../../packages/functions/src/graphql/access.js";

/** The assurance column: what a signed-in caller needs beyond the rule (graphql/gates.ts). */
const ASSURANCE: Record<string, string> = {
  open: "any (aal1, unverified)",
  unverified: "second factor",
  gated: "second factor, verified email",
  recent: "second factor, verified email, recent",
};

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
    "The assurance column is what a signed-in caller needs besides the rule (declared per root field",
    "in `graphql/mutations.ts` and `QUERY_GATES`; a field that declares nothing needs all but recent):",
    "",
    "- second factor: a user with one (TOTP or a passkey) needs an `aal2` token, else `MFA_REQUIRED`;",
    "- verified email: with `GATEHOUSE_REQUIRE_VERIFIED_EMAIL=true`, a verified address, else `EMAIL_NOT_VERIFIED`;",
    "- recent: `auth_time` within `GATEHOUSE_REAUTH_MAX_AGE` (and `aal2` for a user with a second factor),",
    "  else `REAUTHENTICATION_REQUIRED`.",
    "",
    "When several fail, the first in this order answers: `UNAUTHENTICATED`, `MFA_REQUIRED`,",
    "`EMAIL_NOT_VERIFIED`, `FORBIDDEN`, `REAUTHENTICATION_REQUIRED`.",
    "",
    "| field | anonymous | USER | ADMIN | rule | assurance |",
    "| --- | --- | --- | --- | --- | --- |",
  ];
  for (const [type, fields] of Object.entries(ACCESS)) {
    for (const [field, entry] of Object.entries(fields) as [string, FieldAccess][]) {
      const access = accessOf(entry);
      const [anonymous, user, admin] = CELLS[access];
      const gate = gateOf(type, field, entry);
      const assurance = gate === null ? "—" : ASSURANCE[gate];
      lines.push(
        `| \`${type}.${field}\` | ${anonymous} | ${user} | ${admin} | \`${access}\` | ${assurance} |`,
      );
    }
  }
  lines.push("", "## Rules", "");
  for (const [access, meaning] of Object.entries(MEANING))
    lines.push(`- \`${access}\`: ${meaning}`);
  lines.push(
    "",
    "## Your own roles",
    "",
    "This page is generated with the default role set, `USER` and `ADMIN`. `GATEHOUSE_ROLES`",
    "(see configuration.md) names a deployment's own set, e.g. `USER,EDITOR,ADMIN`: the `Role` enum,",
    "`setRoles`, `createUser` and the admin CLI take exactly those names, and an access token carrying",
    "any other is refused. `USER` (what sign-up grants) and `ADMIN` are always in the set. Gatehouse's",
    "own rules above need `ADMIN` where they do today and treat every other role like `USER`; a",
    "role change ends the user's older access tokens at once, whichever roles it touches.",
  );
  return `${lines.join("\n")}\n`;
}
