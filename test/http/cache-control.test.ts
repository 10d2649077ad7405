import { httpEvent, type TestApp, type TestResponse } from "@gatehouse/testing/http";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type AuthPayloadData,
  dynamoApp,
  graphqlGet,
  LOGIN,
  ME,
  PASSWORD,
  signUp,
} from "../support/gql.js";

// RFC 6750 §5.3, RFC 9111: no answer of /graphql may be stored by a proxy or the browser,
// whatever its status: tokens, errors and refusals alike.

let app: TestApp;
let session: AuthPayloadData;

beforeAll(async () => {
  app = await dynamoApp();
  session = await signUp(app);
});

const asBearer = (token: string) =>
  app.graphql(ME, {}, { headers: { authorization: `Bearer ${token}` } });

describe("Cache-Control: no-store", () => {
  const post = (body: string, headers: Record<string, string> = {}) =>
    app.invoke(
      httpEvent({
        method: "POST",
        path: "/graphql",
        headers: { "content-type": "application/json", ...headers },
        body,
      }),
    );
  const get = (query: string, headers: Record<string, string> = {}) =>
    graphqlGet(app, query, headers);

  it.each<[string, number, () => Promise<TestResponse>]>([
    ["a signed-in query", 200, () => asBearer(session.accessToken)],
    [
      "a login with tokens in it",
      200,
      () => app.graphql(LOGIN, { email: session.user.email, password: PASSWORD }),
    ],
    ["a field error", 200, () => app.graphql(ME)],
    ["a GET query", 200, () => get("{ me { id } }", { "apollo-require-preflight": "true" })],
    ["a GET without a preflight header (CSRF prevention)", 400, () => get("{ me { id } }")],
    ["a syntax error", 400, () => post(JSON.stringify({ query: "{ me { id " }))],
    ["a validation error", 400, () => post(JSON.stringify({ query: "{ nope }" }))],
    ["malformed JSON", 400, () => post("{ not json")],
    ["an invalid token", 401, () => asBearer("not-a-jwt")],
    [
      "a body over the limit",
      413,
      () => post(JSON.stringify({ query: `{ me { id } } #${"x".repeat(110_000)}` })),
    ],
    [
      "a method /graphql does not serve",
      405,
      () => app.invoke(httpEvent({ method: "PUT", path: "/graphql", body: "{}" })),
    ],
  ])("is on the response to %s (HTTP %i)", async (_, status, send) => {
    const response = await send();
    expect(response.status).toBe(status);
    expect(response.headers["cache-control"]).toBe("no-store");
  });
});
