import { parseArgs } from "node:util";
import { type Principal, type Role, type RoleSet, USER } from "@gatehouse/core";
import type { Runtime } from "@gatehouse/functions";

/** What the admin commands print, one line each. */
export type Print = (line: string) => void;

export const ADMIN_USAGE = `usage: npm run admin -- <command> [options] [--stage STAGE]

  create-user --email EMAIL [--password PASSWORD] [--roles USER,ADMIN]
  set-roles   --user USER_ID --roles USER,ADMIN

Roles are those of GATEHOUSE_ROLES (default USER,ADMIN).
  revoke-all  --user USER_ID
  list-users  [--first N]

The password may come from GATEHOUSE_PASSWORD instead of the command line.
Without --stage it works on the local data of npm start; with --stage it runs inside
\`npx sst shell --stage STAGE\`, against that stage's table.`;

// The CLI acts as an operator, through the same services and the same ADMIN checks as the
// API; this principal holds no session and no token, and the nil UUID names no user.
const OPERATOR: Principal = {
  userId: "00000000-0000-0000-0000-000000000000" as Principal["userId"],
  sessionId: "operator-cli-000000000" as Principal["sessionId"],
  jti: "operator-cli-000000000" as Principal["jti"],
  roles: ["ADMIN"],
  issuedAt: 0,
  expiresAt: 0,
  authTime: 0,
  acr: "aal1",
  amr: [],
};

/** `--roles`, checked against the deployment's role set (GATEHOUSE_ROLES). */
function parseRoles(value: string | undefined, known: RoleSet): Role[] {
  const names = (value ?? "")
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
  const unknown = names.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new TypeError(`unknown role ${unknown.join(", ")}: use ${known.names.join(", ")}`);
  }
  return names;
}

function required(value: string | undefined, flag: string): string {
  if (value === undefined || value === "") throw new TypeError(`${flag} is required`);
  return value;
}

/** Runs one admin command against a runtime's services. Fails with a one-line TypeError. */
export async function runAdminCommand(
  runtime: Runtime,
  argv: readonly string[],
  print: Print,
  env: Readonly<Record<string, string | undefined>> = {},
): Promise<void> {
  const { positionals, values } = parseArgs({
    args: [...argv],
    allowPositionals: true,
    options: {
      email: { type: "string" },
      password: { type: "string" },
      roles: { type: "string" },
      user: { type: "string" },
      first: { type: "string" },
    },
  });
  const { credentials, accounts, sessions } = runtime.services;
  const known = runtime.config.auth.roles;
  switch (positionals[0]) {
    case "create-user": {
      const password = required(values.password ?? env.GATEHOUSE_PASSWORD, "--password");
      const roles = values.roles === undefined ? [USER] : parseRoles(values.roles, known);
      const user = await credentials.createUser(
        OPERATOR,
        required(values.email, "--email"),
        password,
        roles,
      );
      print(`created ${user.id} ${user.email} ${user.roles.join(",")}`);
      return;
    }
    case "set-roles": {
      const user = await accounts.setRoles(
        OPERATOR,
        required(values.user, "--user"),
        parseRoles(values.roles, known),
      );
      print(
        `${user.id} ${user.email} now ${user.roles.join(",") || "(no roles)"}; older access tokens no longer work`,
      );
      return;
    }
    case "revoke-all": {
      const userId = required(values.user, "--user");
      await sessions.revokeAll(OPERATOR, userId);
      print(`every session and access token of ${userId} issued until now is revoked`);
      return;
    }
    case "list-users": {
      const first = values.first === undefined ? 100 : Number(values.first);
      let after: string | null = null;
      do {
        const page = await accounts.listUsers(OPERATOR, first, after);
        for (const { user } of page.edges) {
          print(
            `${user.id} ${user.email} ${user.roles.join(",")} ${new Date(user.createdAt).toISOString()}`,
          );
        }
        after = page.hasNextPage && values.first === undefined ? page.endCursor : null;
      } while (after !== null);
      return;
    }
    default:
      throw new TypeError(ADMIN_USAGE);
  }
}
