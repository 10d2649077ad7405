import type { TestApp, TestResponse } from "@gatehouse/testing/http";
import { beforeAll, describe, expect, it } from "vitest";
import { type AuthPayloadData, appWithAdminAndUser, USER_FIELDS } from "../support/gql.js";
import { INVALID_TOKEN_BODY } from "../support/tokens.js";

// One warm Lambda container serves request after request from the same module state. Nothing
// of one request (its principal, shield's rule cache, an error) may reach the next: the
// context is built per request and shield caches in it. Callers alternate on one handler.

const REQUESTS = 1000;
/** Requests in flight at once: Lambda sends one at a time, `npm start` many. Both must hold. */
const CONCURRENCY = 8;

const QUERY = `query Who($adminId: ID!) {
  me { ${USER_FIELDS} }
  user(id: $adminId) { id email roles }
}`;

describe("a warm container", () => {
  let app: TestApp;
  let admin: AuthPayloadData;
  let user: AuthPayloadData;

  beforeAll(async () => {
    ({ app, admin, user } = await appWithAdminAndUser());
  });

  it(`answers ${REQUESTS} alternating requests (admin, user, anonymous, bad token) each as its own caller`, async () => {
    const adminView = { id: admin.user.id, email: admin.user.email, roles: admin.user.roles };
    const callers: { name: string; token?: string; expected: (response: TestResponse) => void }[] =
      [
        {
          name: "admin",
          token: admin.accessToken,
          expected: (response) => {
            expect(response.body).toEqual({ data: { me: admin.user, user: adminView } });
          },
        },
        {
          name: "user",
          token: user.accessToken,
          expected: (response) => {
            expect(response.body.data).toEqual({ me: user.user, user: null });
            expect(
              response.body.errors.map((e: { extensions: { code: string } }) => e.extensions.code),
            ).toEqual(["FORBIDDEN"]);
          },
        },
        {
          name: "anonymous",
          expected: (response) => {
            expect(response.body.data).toEqual({ me: null, user: null });
            const codes = response.body.errors.map(
              (e: { extensions: { code: string } }) => e.extensions.code,
            );
            expect(codes).toEqual(["UNAUTHENTICATED", "UNAUTHENTICATED"]);
          },
        },
        {
          name: "bad token",
          token: "not-a-jwt",
          expected: (response) => {
            expect(response.status).toBe(401);
            expect(response.text).toBe(INVALID_TOKEN_BODY);
          },
        },
      ];

    const send = (i: number) => {
      const caller = callers[i % callers.length] ?? callers[0];
      return app
        .graphql(
          QUERY,
          { adminId: admin.user.id },
          caller?.token === undefined ? {} : { token: caller.token },
        )
        .then((response) => ({ caller, response }));
    };

    // First one round in order, pinning each caller's exact answer; then the rest, with up to
    // CONCURRENCY interleaved, each answer compared byte for byte with its caller's.
    const pinned = new Map<string, string>();
    for (let i = 0; i < callers.length; i++) {
      const { caller, response } = await send(i);
      caller?.expected(response);
      pinned.set(caller?.name ?? "", response.text);
    }
    let mismatches = 0;
    for (let start = callers.length; start < REQUESTS; start += CONCURRENCY) {
      const batch = Array.from({ length: Math.min(CONCURRENCY, REQUESTS - start) }, (_, k) =>
        send(start + k),
      );
      for (const { caller, response } of await Promise.all(batch)) {
        if (response.text !== pinned.get(caller?.name ?? "")) mismatches++;
      }
    }
    expect(mismatches).toBe(0);
  });
});
