import type { TestApp } from "@gatehouse/testing/http";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type AuthPayloadData,
  dataOf,
  dynamoApp,
  errorOf,
  PASSWORD,
  signUp,
  uniqueEmail,
} from "../support/gql.js";

// OWASP GraphQL Cheat Sheet, batching attacks: one request may select at most one credential
// field, however it is spelled (aliases, fragments), so one request checks one password.

const ONE_CREDENTIAL_FIELD = {
  code: "GRAPHQL_VALIDATION_FAILED",
  message:
    "Only one of login, signUp, refresh, changePassword, resetPassword, requestEmailChange, confirmTotpEnrollment, disableTotp, regenerateRecoveryCodes, verifySecondFactor and finishPasskeyLogin may be requested at a time.",
};

let app: TestApp;
let user: AuthPayloadData;

beforeAll(async () => {
  app = await dynamoApp();
  user = await signUp(app);
});

describe("more than one credential field (login, signUp, refresh, changePassword) in one request", () => {
  const fields = {
    login: "login(email: $e, password: $p) { accessToken }",
    signUp: "signUp(email: $e, password: $p) { accessToken }",
    refresh: 'refresh(refreshToken: "x") { accessToken }',
    changePassword: "changePassword(currentPassword: $p, newPassword: $p)",
    resetPassword: 'resetPassword(token: "x", newPassword: $p)',
    verifySecondFactor: 'verifySecondFactor(code: "123456") { accessToken }',
    finishPasskeyLogin: "finishPasskeyLogin(response: {}) { accessToken }",
  };
  const operation = (body: string, fragments = "") =>
    `mutation Batch($e: String!, $p: String!) { ${body} } ${fragments}`;

  it.each([
    ["two aliased logins", operation(`a: ${fields.login} b: ${fields.login}`)],
    ["the same login twice, unaliased", operation(`${fields.login} ${fields.login}`)],
    ["login and signUp", operation(`${fields.login} ${fields.signUp}`)],
    ["signUp and refresh", operation(`${fields.signUp} ${fields.refresh}`)],
    [
      "two aliased changePasswords",
      operation(`a: ${fields.changePassword} b: ${fields.changePassword}`),
    ],
    ["login and changePassword", operation(`${fields.login} ${fields.changePassword}`)],
    [
      "two aliased resetPasswords",
      operation(`a: ${fields.resetPassword} b: ${fields.resetPassword}`),
    ],
    [
      "two aliased verifySecondFactors",
      operation(`a: ${fields.verifySecondFactor} b: ${fields.verifySecondFactor}`),
    ],
    [
      "two aliased finishPasskeyLogins",
      operation(`a: ${fields.finishPasskeyLogin} b: ${fields.finishPasskeyLogin}`),
    ],
    ["login and finishPasskeyLogin", operation(`${fields.login} ${fields.finishPasskeyLogin}`)],
    [
      "two named fragments",
      operation(
        "...A ...B",
        `fragment A on Mutation { a: ${fields.login} } fragment B on Mutation { b: ${fields.login} }`,
      ),
    ],
    [
      "a field beside a fragment",
      operation(`a: ${fields.login} ...B`, `fragment B on Mutation { b: ${fields.signUp} }`),
    ],
    [
      "two inline fragments",
      operation(`... on Mutation { a: ${fields.login} } ... { b: ${fields.login} }`),
    ],
    [
      "fragments nested in fragments",
      operation(
        "...Outer",
        `fragment Outer on Mutation { ... on Mutation { a: ${fields.login} } ...Inner }
         fragment Inner on Mutation { b: ${fields.signUp} }`,
      ),
    ],
  ])("answers 400 GRAPHQL_VALIDATION_FAILED for %s, running none of them", async (_, query) => {
    const email = uniqueEmail("batch");
    const response = await app.graphql(query, { e: email, p: PASSWORD });
    expect(response.status).toBe(400);
    expect(response.headers["cache-control"]).toBe("no-store");
    expect(response.body).not.toHaveProperty("data");
    expect(errorOf(response)).toEqual(ONE_CREDENTIAL_FIELD);
    // No signUp ran: the email is still free.
    await expect(signUp(app, email)).resolves.toBeDefined();
  });

  it("still runs a single login selected through a fragment", async () => {
    const query = operation("...A", `fragment A on Mutation { ${fields.login} }`);
    const response = await app.graphql(query, { e: user.user.email, p: PASSWORD });
    expect(typeof dataOf<{ accessToken: string }>(response, "login").accessToken).toBe("string");
  });
});
