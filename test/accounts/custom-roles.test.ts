import type { TestApp } from "@gatehouse/testing/http";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type AuthPayloadData,
  CREATE_USER,
  dataOf,
  dynamoApp,
  errorOf,
  ME,
  PASSWORD,
  refresh,
  SET_ROLES,
  signInAsAdmin,
  signUp,
  type UserData,
  uniqueEmail,
} from "../support/gql.js";
import { expectAccessRefused, expectInvalidToken } from "../support/tokens.js";

// A team's own role (GATEHOUSE_ROLES=USER,EDITOR,ADMIN), end to end: the enum, setRoles, the
// tokens that carry it, and a container whose set lacks it refusing those tokens.

const WITH_EDITOR = { GATEHOUSE_ROLES: "USER,EDITOR,ADMIN" };

let app: TestApp;
let admin: AuthPayloadData;

beforeAll(async () => {
  app = await dynamoApp({ env: WITH_EDITOR });
  admin = await signInAsAdmin(app);
});

describe("a configured EDITOR role", () => {
  it("grants USER at sign-up, EDITOR through setRoles, and refresh and me carry it", async () => {
    const editor = await signUp(app);
    expect(editor.user.roles).toEqual(["USER"]);
    const response = await app.graphql(
      SET_ROLES,
      { userId: editor.user.id, roles: ["EDITOR", "USER"] },
      { token: admin.accessToken },
    );
    expect(dataOf<UserData>(response, "setRoles").roles).toEqual(["USER", "EDITOR"]);
    // The role change ends the older access token at once.
    await expectAccessRefused(app, editor.accessToken);
    const next = await refresh(app, editor.refreshToken);
    expect(next.user.roles).toEqual(["USER", "EDITOR"]);
    const me = await app.graphql(ME, {}, { token: next.accessToken });
    expect(dataOf<UserData>(me, "me").roles).toEqual(["USER", "EDITOR"]);
  });

  it("creates a user with EDITOR", async () => {
    const response = await app.graphql(
      CREATE_USER,
      { email: uniqueEmail("editor"), password: PASSWORD, roles: ["EDITOR"] },
      { token: admin.accessToken },
    );
    expect(dataOf<UserData>(response, "createUser").roles).toEqual(["EDITOR"]);
  });

  it("refuses a role outside the set with BAD_USER_INPUT that lists the roles", async () => {
    const target = await signUp(app);
    const response = await app.graphql(
      SET_ROLES,
      { userId: target.user.id, roles: ["USER", "AUDITOR"] },
      { token: admin.accessToken },
    );
    expect(errorOf(response)).toEqual({
      code: "BAD_USER_INPUT",
      message:
        'Variable "$roles" got invalid value "AUDITOR" at "roles[1]"; Unknown role AUDITOR: the roles are USER, EDITOR, ADMIN.',
    });
  });

  it("refuses EDITOR with GraphQL's own BAD_USER_INPUT where no roles are configured", async () => {
    const plain = await dynamoApp();
    const plainAdmin = await signInAsAdmin(plain);
    const target = await signUp(plain);
    const response = await plain.graphql(
      SET_ROLES,
      { userId: target.user.id, roles: ["EDITOR"] },
      { token: plainAdmin.accessToken },
    );
    expect(errorOf(response)).toEqual({
      code: "BAD_USER_INPUT",
      message:
        'Variable "$roles" got invalid value "EDITOR" at "roles[0]"; Value "EDITOR" does not exist in "Role" enum.',
    });
  });

  it("refuses a token carrying a role its container does not know, while another container with the role accepts it", async () => {
    const editor = await signUp(app);
    await app.graphql(
      SET_ROLES,
      { userId: editor.user.id, roles: ["USER", "EDITOR"] },
      { token: admin.accessToken },
    );
    const { accessToken } = await refresh(app, editor.refreshToken);
    // The same table and keys, in the same process: only the role set differs.
    const plain = await dynamoApp({ tableName: app.tableName });
    expectInvalidToken(await plain.graphql(ME, {}, { token: accessToken }));
    const me = await app.graphql(ME, {}, { token: accessToken });
    expect(dataOf<UserData>(me, "me").roles).toEqual(["USER", "EDITOR"]);
  });
});
