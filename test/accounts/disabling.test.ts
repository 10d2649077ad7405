import { createApiGatewayAuthorizer } from "@gatehouse/functions";
import { httpApiAuthorizerEvent, type TestApp, type TestResponse } from "@gatehouse/testing/http";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type AuthPayloadData,
  appWithAdminAndUser,
  dataOf,
  dynamoApp,
  errorOf,
  LOGIN,
  login,
  PASSWORD,
  SET_ROLES,
  signInAsAdmin,
  signUp,
  USER,
} from "../support/gql.js";
import { expectAccessRefused, expectAccessWorks, expectRefreshRefused } from "../support/tokens.js";

// An admin disables an account (contract v2, "Disabling"): the user's tokens stop on the next
// request, login tells a right password apart only then, and the last enabled ADMIN stays.

const SET_DISABLED = `mutation SetDisabled($userId: ID!, $disabled: Boolean!) {
  setDisabled(userId: $userId, disabled: $disabled) { id disabled }
}`;
const DISABLED = { code: "ACCOUNT_DISABLED", message: "This account is disabled." };
const WRONG_PASSWORD = { code: "UNAUTHENTICATED", message: "Invalid email or password." };
const LAST_ADMIN = {
  code: "BAD_USER_INPUT",
  message: "This change would leave no ADMIN: make another user ADMIN first.",
};

let app: TestApp;
let admin: AuthPayloadData;

beforeAll(async () => {
  ({ app, admin } = await appWithAdminAndUser());
});

function setDisabled(userId: string, disabled: boolean, token = admin.accessToken) {
  return app.graphql(SET_DISABLED, { userId, disabled }, { token });
}

async function disable(userId: string, token = admin.accessToken) {
  const response = await setDisabled(userId, true, token);
  expect(dataOf(response, "setDisabled")).toEqual({ id: userId, disabled: true });
}

describe("disabling an account", () => {
  it("refuses the user's access token with the contract's 401 on the next request", async () => {
    const user = await signUp(app);
    await expectAccessWorks(app, user.accessToken);

    await disable(user.user.id);

    await expectAccessRefused(app, user.accessToken);
  });

  it("refuses the user's refresh token as for an ended session", async () => {
    const user = await signUp(app);

    await disable(user.user.id);

    await expectRefreshRefused(app, user.refreshToken);
  });

  it("answers ACCOUNT_DISABLED to the right password and UNAUTHENTICATED to a wrong one", async () => {
    const user = await signUp(app);
    await disable(user.user.id);

    const right = await app.graphql(LOGIN, { email: user.user.email, password: PASSWORD });
    const wrong = await app.graphql(LOGIN, { email: user.user.email, password: "not it at all" });

    expect(right.status).toBe(200);
    expect(right.body.data).toBeNull();
    expect(errorOf(right)).toEqual(DISABLED);
    expect(wrong.status).toBe(200);
    expect(errorOf(wrong)).toEqual(WRONG_PASSWORD);
  });

  it("counts a disabled account's right password as no failure, and answers RATE_LIMITED once wrong ones spent the limit", async () => {
    const limited = await dynamoApp({ env: { GATEHOUSE_LOGIN_MAX_FAILURES: "3" } });
    const limitedAdmin = await signInAsAdmin(limited);
    const user = await signUp(limited);
    await limited.graphql(
      SET_DISABLED,
      { userId: user.user.id, disabled: true },
      { token: limitedAdmin.accessToken },
    );
    const attempt = (password: string) =>
      limited.graphql(LOGIN, { email: user.user.email, password });

    for (let i = 0; i < 5; i++) expect(errorOf(await attempt(PASSWORD))).toEqual(DISABLED);
    for (let i = 0; i < 3; i++)
      expect(errorOf(await attempt("wrong guess"))).toEqual(WRONG_PASSWORD);

    // The limit stands before the password is looked at: the code cannot be probed past it.
    expect(errorOf(await attempt(PASSWORD)).code).toBe("RATE_LIMITED");
  });

  it("lets a re-enabled user sign in again, and revives none of the tokens issued before", async () => {
    const user = await signUp(app);
    await disable(user.user.id);

    const enabled = await setDisabled(user.user.id, false);

    expect(dataOf(enabled, "setDisabled")).toEqual({ id: user.user.id, disabled: false });
    await expectAccessRefused(app, user.accessToken);
    await expectRefreshRefused(app, user.refreshToken);
    await expectAccessWorks(app, (await login(app, user.user.email)).accessToken);
  });

  it("shows User.disabled to the user and to an admin", async () => {
    const user = await signUp(app);
    const query = `query U($id: ID!) { user(id: $id) { id disabled } }`;

    const own = await app.graphql(query, { id: user.user.id }, { token: user.accessToken });
    await disable(user.user.id);
    const byAdmin = await app.graphql(query, { id: user.user.id }, { token: admin.accessToken });

    expect(dataOf(own, "user")).toEqual({ id: user.user.id, disabled: false });
    expect(dataOf(byAdmin, "user")).toEqual({ id: user.user.id, disabled: true });
  });

  it("refuses setDisabled to a caller who is not ADMIN with FORBIDDEN, changing nothing", async () => {
    const [user, other] = [await signUp(app), await signUp(app)];

    const response = await setDisabled(other.user.id, true, user.accessToken);

    expect(errorOf(response)).toEqual({
      code: "FORBIDDEN",
      message: "You are not allowed to do this.",
    });
    await expectAccessWorks(app, other.accessToken);
  });

  it("refuses an unknown user id with BAD_USER_INPUT", async () => {
    const response = await setDisabled("00000000-0000-4000-8000-000000000000", true);

    expect(errorOf(response)).toEqual({ code: "BAD_USER_INPUT", message: "No user has this id." });
  });

  it("has the gateway authorizer deny a disabled user's token", async () => {
    const gateway = createApiGatewayAuthorizer(app.runtime);
    const user = await signUp(app);
    const event = httpApiAuthorizerEvent(`Bearer ${user.accessToken}`);
    expect((await gateway(event)).isAuthorized).toBe(true);

    await disable(user.user.id);

    expect(await gateway(event)).toEqual({ isAuthorized: false });
  });
});

describe("the last enabled ADMIN", () => {
  it("cannot be disabled: BAD_USER_INPUT, and the admin keeps working", async () => {
    const lone = await dynamoApp();
    const only = await signInAsAdmin(lone);

    const response = await lone.graphql(
      SET_DISABLED,
      { userId: only.user.id, disabled: true },
      { token: only.accessToken },
    );

    expect(errorOf(response)).toEqual(LAST_ADMIN);
    await expectAccessWorks(lone, only.accessToken);
  });

  it("stays enabled when two admins disable each other at once", async () => {
    const lone = await dynamoApp();
    const [first, second] = [await signInAsAdmin(lone), await signInAsAdmin(lone)];
    const disableOther = (target: AuthPayloadData, by: AuthPayloadData) =>
      lone.graphql(
        SET_DISABLED,
        { userId: target.user.id, disabled: true },
        { token: by.accessToken },
      );

    const results = await Promise.all([disableOther(second, first), disableOther(first, second)]);

    const refused = results.filter((response) => response.body.errors !== undefined);
    expect(refused).toHaveLength(1);
    expect(errorOf(refused[0] as TestResponse)).toEqual(LAST_ADMIN);
    const logins = await Promise.all(
      [first, second].map((one) =>
        lone.graphql(LOGIN, { email: one.user.email, password: PASSWORD }),
      ),
    );
    expect(logins.filter((response) => response.body.errors === undefined)).toHaveLength(1);
  });

  it("is the only one counted: a disabled ADMIN does not let the last enabled one lose the role", async () => {
    const lone = await dynamoApp();
    const [first, second] = [await signInAsAdmin(lone), await signInAsAdmin(lone)];
    await lone.graphql(
      SET_DISABLED,
      { userId: second.user.id, disabled: true },
      { token: first.accessToken },
    );

    const demoted = await lone.graphql(
      SET_ROLES,
      { userId: first.user.id, roles: ["USER"] },
      { token: first.accessToken },
    );

    expect(errorOf(demoted)).toEqual(LAST_ADMIN);
  });

  it("counts a re-enabled ADMIN again", async () => {
    const lone = await dynamoApp();
    const [first, second] = [await signInAsAdmin(lone), await signInAsAdmin(lone)];
    const as = { token: first.accessToken };
    await lone.graphql(SET_DISABLED, { userId: second.user.id, disabled: true }, as);
    await lone.graphql(SET_DISABLED, { userId: second.user.id, disabled: false }, as);

    const demoted = await lone.graphql(SET_ROLES, { userId: first.user.id, roles: ["USER"] }, as);

    expect(dataOf<{ roles: string[] }>(demoted, "setRoles").roles).toEqual(["USER"]);
    const me = await lone.graphql(
      USER,
      { id: second.user.id },
      {
        token: (await login(lone, second.user.email)).accessToken,
      },
    );
    expect(dataOf<{ roles: string[] }>(me, "user").roles).toContain("ADMIN");
  });
});
