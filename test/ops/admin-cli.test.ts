import { fastHasher } from "@gatehouse/testing";
import { createTestApp, type TestApp } from "@gatehouse/testing/http";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { runAdminCommand } from "../../scripts/ops/admin-commands.js";
import { LOGIN, ME, PASSWORD } from "../support/gql.js";

let app: TestApp;

beforeAll(async () => {
  app = await createTestApp({ endpoint: inject("dynamoEndpoint"), hasher: fastHasher() });
});

async function admin(...argv: string[]): Promise<string[]> {
  const lines: string[] = [];
  await runAdminCommand(app.runtime, argv, (line) => lines.push(line), {
    GATEHOUSE_PASSWORD: PASSWORD,
  });
  return lines;
}

describe("the admin CLI", () => {
  it("creates a user through the core services, who can then log in", async () => {
    const [line] = await admin(
      "create-user",
      "--email",
      "Ops@Example.com",
      "--roles",
      "USER,ADMIN",
    );
    expect(line).toMatch(/^created [0-9a-f-]{36} ops@example\.com USER,ADMIN$/);
    const login = await app.graphql(LOGIN, { email: "ops@example.com", password: PASSWORD });
    expect(login.body.data.login.user.roles).toEqual(["USER", "ADMIN"]);
  });

  it("lists users, sets roles, and revokes every session of a user", async () => {
    await admin("create-user", "--email", "worker@example.com");
    const listed = await admin("list-users");
    const worker = listed.find((line) => line.includes("worker@example.com"));
    const userId = worker?.split(" ")[0] ?? "";
    expect(worker).toContain(" USER ");

    const login = await app.graphql(LOGIN, { email: "worker@example.com", password: PASSWORD });
    const token = login.body.data.login.accessToken;
    expect(await admin("set-roles", "--user", userId, "--roles", "USER,ADMIN")).toHaveLength(1);
    expect((await app.graphql(ME, {}, { token })).status).toBe(401);

    const again = await app.graphql(LOGIN, { email: "worker@example.com", password: PASSWORD });
    await admin("revoke-all", "--user", userId);
    expect((await app.graphql(ME, {}, { token: again.body.data.login.accessToken })).status).toBe(
      401,
    );
  });

  it("refuses set-roles that would leave no ADMIN, with a one-line reason", async () => {
    const lone = await createTestApp({ endpoint: inject("dynamoEndpoint"), hasher: fastHasher() });
    const run = (...argv: string[]) =>
      runAdminCommand(lone.runtime, argv, () => undefined, { GATEHOUSE_PASSWORD: PASSWORD });
    await run("create-user", "--email", "only.admin@example.com", "--roles", "USER,ADMIN");
    const only = await lone.runtime.services.credentials.login("only.admin@example.com", PASSWORD);

    await expect(run("set-roles", "--user", only.user.id, "--roles", "USER")).rejects.toThrow(
      "This change would leave no ADMIN: make another user ADMIN first.",
    );
  });

  it("accepts the deployment's own roles and lists them when refusing another", async () => {
    const team = await createTestApp({
      endpoint: inject("dynamoEndpoint"),
      hasher: fastHasher(),
      env: { GATEHOUSE_ROLES: "USER,EDITOR,ADMIN" },
    });
    const run = async (...argv: string[]) => {
      const lines: string[] = [];
      await runAdminCommand(team.runtime, argv, (line) => lines.push(line), {
        GATEHOUSE_PASSWORD: PASSWORD,
      });
      return lines;
    };
    const [created] = await run("create-user", "--email", "ed@example.com", "--roles", "EDITOR");
    expect(created).toMatch(/^created [0-9a-f-]{36} ed@example\.com EDITOR$/);
    const userId = created?.split(" ")[1] ?? "";
    const [changed] = await run("set-roles", "--user", userId, "--roles", "EDITOR,USER");
    expect(changed).toContain(" now USER,EDITOR;");
    await expect(run("set-roles", "--user", userId, "--roles", "AUDITOR")).rejects.toThrow(
      "unknown role AUDITOR: use USER, EDITOR, ADMIN",
    );
  });

  it("refuses unknown roles, missing flags and unknown users with a one-line reason", async () => {
    await expect(
      admin("create-user", "--email", "x@example.com", "--roles", "ROOT"),
    ).rejects.toThrow("unknown role ROOT: use USER, ADMIN");
    await expect(admin("revoke-all")).rejects.toThrow("--user is required");
    await expect(
      admin("set-roles", "--user", "00000000-0000-4000-8000-000000000000", "--roles", "USER"),
    ).rejects.toThrow("No user has this id.");
    await expect(admin("launch-rockets")).rejects.toThrow(/^usage: npm run admin/);
  });
});
