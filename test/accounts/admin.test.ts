import type { TestApp, TestResponse } from "@gatehouse/testing/http";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type AuthPayloadData,
  appWithAdminAndUser,
  CREATE_USER,
  dataOf,
  dynamoApp,
  errorOf,
  login,
  PASSWORD,
  SET_ROLES,
  signInAsAdmin,
  signUp,
  USERS,
  type UserData,
  uniqueEmail,
} from "../support/gql.js";

// What an admin does to accounts: createUser, setRoles (never leaving no ADMIN) and the
// paginated users list.

const BAD_FIRST = { code: "BAD_USER_INPUT", message: '"first" must be between 1 and 100.' };
const BAD_CURSOR = { code: "BAD_USER_INPUT", message: '"after" is not a cursor from this list.' };
const NO_SUCH_USER = { code: "BAD_USER_INPUT", message: "No user has this id." };
const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let app: TestApp;
let admin: AuthPayloadData;
let user: AuthPayloadData;

beforeAll(async () => {
  ({ app, admin, user } = await appWithAdminAndUser());
});

describe("admin account management", () => {
  it("creates a USER by default, with the email normalised", async () => {
    const email = uniqueEmail("created");
    const response = await app.graphql(
      CREATE_USER,
      { email: ` ${email.toUpperCase()} `, password: PASSWORD },
      { token: admin.accessToken },
    );
    const created = dataOf<UserData>(response, "createUser");
    expect(created).toEqual({
      id: expect.stringMatching(UUID),
      email,
      roles: ["USER"],
      createdAt: expect.stringMatching(ISO_UTC),
    });
    expect((await login(app, email)).user).toEqual(created);
  });

  it("creates an ADMIN when asked, who can then administer", async () => {
    const email = uniqueEmail("second-admin");
    const response = await app.graphql(
      CREATE_USER,
      { email, password: PASSWORD, roles: ["ADMIN"] },
      { token: admin.accessToken },
    );
    expect(dataOf<UserData>(response, "createUser").roles).toEqual(["ADMIN"]);
    const session = await login(app, email);
    const users = await app.graphql(USERS, {}, { token: session.accessToken });
    expect(dataOf(users, "users")).toBeTruthy();
  });

  it("creates accounts while sign-up is closed", async () => {
    const closed = await dynamoApp({ env: { GATEHOUSE_SIGNUP: "closed" } });
    const closedAdmin = await signInAsAdmin(closed);
    const email = uniqueEmail();
    const response = await closed.graphql(
      CREATE_USER,
      { email, password: PASSWORD },
      { token: closedAdmin.accessToken },
    );
    expect(dataOf<UserData>(response, "createUser").email).toBe(email);
  });

  it.each([
    [
      "a taken email",
      () => user.user.email,
      PASSWORD,
      "An account with this email already exists.",
    ],
    ["an invalid email", () => "not-an-email", PASSWORD, "The email address is not valid."],
    [
      "a weak password",
      () => uniqueEmail(),
      "short",
      "The password must be 15 to 256 characters long.",
    ],
  ])("refuses %s with BAD_USER_INPUT", async (_, email, password, message) => {
    const response = await app.graphql(
      CREATE_USER,
      { email: email(), password },
      { token: admin.accessToken },
    );
    expect(response.status).toBe(200);
    expect(errorOf(response)).toEqual({ code: "BAD_USER_INPUT", message });
  });

  it("sets roles, and the next login carries them", async () => {
    const target = await signUp(app);
    const response = await app.graphql(
      SET_ROLES,
      { userId: target.user.id, roles: ["USER", "ADMIN"] },
      { token: admin.accessToken },
    );
    expect(dataOf(response, "setRoles")).toEqual({ ...target.user, roles: ["USER", "ADMIN"] });

    const promoted = await login(app, target.user.email);
    expect(promoted.user.roles).toEqual(["USER", "ADMIN"]);
    expect(
      dataOf(await app.graphql(USERS, {}, { token: promoted.accessToken }), "users"),
    ).toBeTruthy();

    const demoted = await app.graphql(
      SET_ROLES,
      { userId: target.user.id, roles: ["USER"] },
      { token: admin.accessToken },
    );
    expect(dataOf<UserData>(demoted, "setRoles").roles).toEqual(["USER"]);
  });

  it("refuses setRoles that would leave no ADMIN with BAD_USER_INPUT, even when two admins demote each other at once", async () => {
    const lone = await dynamoApp();
    const first = await signInAsAdmin(lone);
    const alone = await lone.graphql(
      SET_ROLES,
      { userId: first.user.id, roles: ["USER"] },
      { token: first.accessToken },
    );
    expect(errorOf(alone)).toEqual({
      code: "BAD_USER_INPUT",
      message: "This change would leave no ADMIN: make another user ADMIN first.",
    });

    const second = await signInAsAdmin(lone);
    const [one, two] = await Promise.all([
      lone.graphql(
        SET_ROLES,
        { userId: second.user.id, roles: ["USER"] },
        { token: first.accessToken },
      ),
      lone.graphql(
        SET_ROLES,
        { userId: first.user.id, roles: ["USER"] },
        { token: second.accessToken },
      ),
    ]);
    const refused = [one, two].filter((response) => response.body.errors !== undefined);
    expect(refused).toHaveLength(1);
    // Refused by the last-admin guard, or, when the other demotion landed before this request
    // was authenticated, by its caller's token no longer carrying the caller's roles (401).
    expect(["BAD_USER_INPUT", "UNAUTHENTICATED"]).toContain(
      errorOf(refused[0] as TestResponse).code,
    );
    const [firstAgain, secondAgain] = await Promise.all(
      [first, second].map((admin) => login(lone, admin.user.email)),
    );
    const admins = [firstAgain, secondAgain].filter((session) =>
      session?.user.roles.includes("ADMIN"),
    );
    expect(admins).toHaveLength(1);
  });

  it("refuses setRoles for an id that names no user", async () => {
    for (const userId of ["00000000-0000-4000-8000-000000000000", "not-an-id"]) {
      const response = await app.graphql(
        SET_ROLES,
        { userId, roles: ["ADMIN"] },
        { token: admin.accessToken },
      );
      expect(errorOf(response)).toEqual(NO_SUCH_USER);
    }
  });
});

describe("users pagination", () => {
  let listed: TestApp;
  let listAdmin: AuthPayloadData;
  let everyone: string[];

  beforeAll(async () => {
    listed = await dynamoApp();
    listAdmin = await signInAsAdmin(listed);
    const others = [];
    for (let i = 0; i < 6; i++) others.push(await signUp(listed, uniqueEmail(`page${i}`)));
    everyone = [listAdmin.user.id, ...others.map((other) => other.user.id)];
  });

  const page = (variables: Record<string, unknown>) =>
    listed.graphql(USERS, variables, { token: listAdmin.accessToken });

  interface Page {
    edges: { cursor: string; node: UserData }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  }

  it("covers every user exactly once, oldest first, a page at a time", async () => {
    const seen: UserData[] = [];
    const sizes: number[] = [];
    let after: string | null = null;
    for (let guard = 0; guard < 10; guard++) {
      const current: Page = dataOf(await page({ first: 3, after }), "users");
      seen.push(...current.edges.map((edge) => edge.node));
      sizes.push(current.edges.length);
      expect(current.pageInfo.endCursor).toBe(current.edges.at(-1)?.cursor ?? null);
      if (!current.pageInfo.hasNextPage) break;
      after = current.pageInfo.endCursor;
    }

    expect(sizes).toEqual([3, 3, 1]);
    expect(seen.map((node) => node.id).sort()).toEqual([...everyone].sort());
    const times = seen.map((node) => node.createdAt);
    expect(times).toEqual([...times].sort());
    // An admin sees every email and role.
    for (const node of seen) {
      expect(node.email).toContain("@");
      expect(node.roles.length).toBeGreaterThan(0);
    }
  });

  it("returns every user on one page by default (20)", async () => {
    const all: Page = dataOf(await page({}), "users");
    expect(all.edges).toHaveLength(everyone.length);
    expect(all.pageInfo.hasNextPage).toBe(false);
  });

  it("returns an empty last page after the final cursor", async () => {
    const all: Page = dataOf(await page({ first: 100 }), "users");
    const after: Page = dataOf(await page({ after: all.pageInfo.endCursor }), "users");
    expect(after).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it.each([0, -1, 101])("refuses first=%i with BAD_USER_INPUT", async (first) => {
    const response = await page({ first });
    expect(response.status).toBe(200);
    expect(response.body.data).toBeNull();
    expect(errorOf(response)).toEqual(BAD_FIRST);
  });

  it("refuses a cursor it did not hand out with BAD_USER_INPUT", async () => {
    const theirs: Page = dataOf(
      await app.graphql(USERS, { first: 1 }, { token: admin.accessToken }),
      "users",
    );
    const foreign = theirs.pageInfo.endCursor;
    const bogus = [
      "bogus",
      "",
      Buffer.from("2026-01-01T00:00:00.000Z#not-a-user-id").toString("base64url"),
      foreign,
    ];
    for (const after of bogus) {
      expect(errorOf(await page({ after }))).toEqual(BAD_CURSOR);
    }
  });
});
