import type { TestApp } from "@gatehouse/testing/http";
import { beforeAll, describe, expect, it } from "vitest";
import { FORBIDDEN, NOT_SIGNED_IN } from "../support/errors.js";
import {
  type AuthPayloadData,
  appWithAdminAndUser,
  CREATE_USER,
  dataOf,
  errorOf,
  LOGIN,
  login,
  ME,
  PASSWORD,
  SESSIONS,
  SET_ROLES,
  USER,
  USERS,
  uniqueEmail,
} from "../support/gql.js";

// Who may read and change what: a USER is refused admin fields with FORBIDDEN, an anonymous
// caller is told to sign in, and nothing tells an existing account from a missing one.

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

let app: TestApp;
let admin: AuthPayloadData;
let user: AuthPayloadData;

beforeAll(async () => {
  ({ app, admin, user } = await appWithAdminAndUser());
});

describe("a signed-in user without the role a field needs", () => {
  it("gets FORBIDDEN and no data for users", async () => {
    const response = await app.graphql(USERS, {}, { token: user.accessToken });
    expect(response.status).toBe(200);
    // `users` is non-null, so its null reaches up to `data`.
    expect(response.body.data).toBeNull();
    expect(errorOf(response)).toEqual(FORBIDDEN);
  });

  it("gets FORBIDDEN for createUser, and no account is created", async () => {
    const email = uniqueEmail("smuggled");
    const response = await app.graphql(
      CREATE_USER,
      { email, password: PASSWORD, roles: ["ADMIN"] },
      { token: user.accessToken },
    );
    expect(response.status).toBe(200);
    expect(response.body.data).toBeNull();
    expect(errorOf(response)).toEqual(FORBIDDEN);
    expect(errorOf(await app.graphql(LOGIN, { email, password: PASSWORD })).code).toBe(
      "UNAUTHENTICATED",
    );
  });

  it("gets FORBIDDEN for setRoles on themself, and keeps their roles", async () => {
    const response = await app.graphql(
      SET_ROLES,
      { userId: user.user.id, roles: ["ADMIN"] },
      { token: user.accessToken },
    );
    expect(response.status).toBe(200);
    expect(errorOf(response)).toEqual(FORBIDDEN);
    expect((await login(app, user.user.email)).user.roles).toEqual(["USER"]);
  });

  it("gets FORBIDDEN for another user's id, whether that user exists or not", async () => {
    const existing = await app.graphql(USER, { id: admin.user.id }, { token: user.accessToken });
    const unknown = await app.graphql(
      USER,
      { id: "00000000-0000-4000-8000-000000000000" },
      { token: user.accessToken },
    );
    const garbage = await app.graphql(USER, { id: "not-an-id" }, { token: user.accessToken });

    expect(existing.status).toBe(200);
    expect(existing.body.data).toEqual({ user: null });
    expect(errorOf(existing)).toEqual(FORBIDDEN);
    // Nothing tells an existing account from a missing one.
    expect(unknown.text).toBe(existing.text);
    expect(garbage.text).toBe(existing.text);
  });

  it("reads their own user by id, email and roles included", async () => {
    const response = await app.graphql(USER, { id: user.user.id }, { token: user.accessToken });
    expect(dataOf(response, "user")).toEqual(user.user);
  });

  it("is told to sign in (UNAUTHENTICATED), not FORBIDDEN, when anonymous", async () => {
    for (const query of [USERS, ME, SESSIONS]) {
      expect(errorOf(await app.graphql(query))).toEqual(NOT_SIGNED_IN);
    }
    expect(errorOf(await app.graphql(USER, { id: user.user.id }))).toEqual(NOT_SIGNED_IN);
  });
});

describe("an admin reading users", () => {
  it("gets null, and no error, for an unknown id", async () => {
    for (const id of ["00000000-0000-4000-8000-000000000000", "not-an-id"]) {
      const response = await app.graphql(USER, { id }, { token: admin.accessToken });
      expect(response.status).toBe(200);
      expect(response.body).toEqual({ data: { user: null } });
    }
  });

  it("sees another user's email and roles", async () => {
    const response = await app.graphql(USER, { id: user.user.id }, { token: admin.accessToken });
    expect(dataOf(response, "user")).toEqual(user.user);
    expect(user.user.createdAt).toMatch(ISO_UTC);
  });
});
