import type { PasswordHasher, Stores } from "@gatehouse/core";
import { createHttpHandler, createRuntime, parseConfig } from "@gatehouse/functions";
import { fastHasher, memoryStores, testSigningKeys } from "@gatehouse/testing";
import {
  type CapturedLogs,
  captureLogs,
  createTestApp,
  graphqlEvent,
  httpEvent,
  lambdaContext,
  TEST_ISSUER,
  type TestApp,
  type TestResponse,
} from "@gatehouse/testing/http";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  type AuthPayloadData,
  CREATE_USER,
  dataOf,
  dynamoApp,
  errorOf,
  LOGIN,
  login,
  ME,
  PASSWORD,
  REFRESH,
  REVOKE,
  SESSIONS,
  SET_ROLES,
  SIGN_UP,
  signInAsAdmin,
  signUp,
  USER,
  USERS,
  type UserData,
  uniqueEmail,
} from "./support/gql.js";

const FORBIDDEN = { code: "FORBIDDEN", message: "You are not allowed to do this." };
const NOT_SIGNED_IN = { code: "UNAUTHENTICATED", message: "You must be signed in." };
const INTERNAL = { code: "INTERNAL_SERVER_ERROR", message: "Internal server error." };
const ONE_CREDENTIAL_FIELD = {
  code: "GRAPHQL_VALIDATION_FAILED",
  message: "Only one of login, signUp, refresh and changePassword may be requested at a time.",
};
const BAD_FIRST = { code: "BAD_USER_INPUT", message: '"first" must be between 1 and 100.' };
const BAD_CURSOR = { code: "BAD_USER_INPUT", message: '"after" is not a cursor from this list.' };
const NO_SUCH_USER = { code: "BAD_USER_INPUT", message: "No user has this id." };
/** A message no response may repeat: it stands for whatever an AWS error would say. */
const SECRET_STORE_TEXT = "arn:aws:dynamodb:eu-west-1:123456789012:table/secret-table";

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let app: TestApp;
let admin: AuthPayloadData;
let user: AuthPayloadData;
/** Every password hash the app has made, to prove none ever reaches a response. */
const hashes: string[] = [];

beforeAll(async () => {
  const inner = fastHasher();
  const recording: PasswordHasher = {
    hash: async (password) => {
      const hash = await inner.hash(password);
      hashes.push(hash);
      return hash;
    },
    verify: (hash, password) => inner.verify(hash, password),
  };
  app = await dynamoApp({ hasher: recording });
  admin = await signInAsAdmin(app);
  user = await signUp(app);
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

describe("more than one credential field (login, signUp, refresh, changePassword) in one request", () => {
  const fields = {
    login: "login(email: $e, password: $p) { accessToken }",
    signUp: "signUp(email: $e, password: $p) { accessToken }",
    refresh: 'refresh(refreshToken: "x") { accessToken }',
    changePassword: "changePassword(currentPassword: $p, newPassword: $p)",
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

describe("request bodies", () => {
  const post = (target: TestApp, body: string) =>
    target.invoke(
      httpEvent({
        method: "POST",
        path: "/graphql",
        headers: { "content-type": "application/json" },
        body,
      }),
    );
  /** A GraphQL body of exactly `bytes` UTF-8 bytes, padded with a comment of `pad`. */
  const bodyOf = (bytes: number, pad = "x") => {
    const base = JSON.stringify({ query: "{ me { id } } #" });
    const padBytes = Buffer.byteLength(pad);
    const count = Math.floor((bytes - Buffer.byteLength(base)) / padBytes);
    const body = JSON.stringify({ query: `{ me { id } } #${pad.repeat(count)}` });
    return body + " ".repeat(bytes - Buffer.byteLength(body));
  };

  it("answers a body over GATEHOUSE_MAX_BODY_BYTES with 413, counting bytes, not characters", async () => {
    const small = await dynamoApp({ env: { GATEHOUSE_MAX_BODY_BYTES: "2048" } });

    expect((await post(small, bodyOf(2048))).status).toBe(200);
    const over = await post(small, bodyOf(2049));
    expect(over.status).toBe(413);
    expect(over.headers["cache-control"]).toBe("no-store");
    expect(over.text).not.toContain("xxxx");

    // 700 euro signs are 700 characters but 2100 bytes.
    const euros = bodyOf(2100, "€");
    expect(euros.length).toBeLessThan(2048);
    expect((await post(small, euros)).status).toBe(413);
  });

  it.each(["{ not json", '{"query": "{ me { id } }"', "[1, 2", "nul"])(
    "answers malformed JSON %j with a 400 JSON error, not a parser trace",
    async (body) => {
      const response = await post(app, body);
      expect(response.status).toBe(400);
      expect(response.headers["content-type"]).toMatch(/^application\/json/);
      expect(response.body).toEqual({
        errors: [
          { message: "The request body is not valid JSON.", extensions: { code: "BAD_REQUEST" } },
        ],
      });
      expect(response.text).not.toMatch(/SyntaxError|Unexpected|position|\bat /);
    },
  );
});

/** An app whose DynamoDB endpoint has nothing listening: every store call fails. */
async function appWithoutTable(signingKeys: string) {
  const tableName = "gatehouse-unreachable-table";
  const runtime = await createRuntime(
    parseConfig({
      GATEHOUSE_ENV: "development",
      GATEHOUSE_ISSUER: TEST_ISSUER,
      GATEHOUSE_TABLE_NAME: tableName,
      GATEHOUSE_SIGNING_KEYS: signingKeys,
      DYNAMODB_ENDPOINT: "http://127.0.0.1:9",
    }),
    { hasher: fastHasher() },
  );
  const handler = createHttpHandler(runtime);
  const invoke = async (event: APIGatewayProxyEventV2): Promise<TestResponse> => {
    const result = await handler(event, lambdaContext());
    const text = result.body ?? "";
    return {
      status: result.statusCode ?? 200,
      headers: Object.fromEntries(
        Object.entries(result.headers ?? {}).map(([name, value]) => [
          name.toLowerCase(),
          String(value),
        ]),
      ),
      text,
      body: JSON.parse(text),
    };
  };
  return {
    tableName,
    invoke,
    graphql: (query: string, variables: Record<string, unknown> = {}, token?: string) =>
      invoke(graphqlEvent(query, variables, token === undefined ? {} : { token })),
  };
}

/** Text that would tell a client about the store behind the API. */
function expectNothingAboutTheStore(response: TestResponse, tableName: string) {
  for (const leak of [tableName, "127.0.0.1", "ECONNREFUSED", "DynamoDB", "dynamodb", "arn:"]) {
    expect(response.text).not.toContain(leak);
  }
  expect(response.text).not.toMatch(/stacktrace|\n\s+at /);
}

describe("a revocation store that cannot be reached", () => {
  let unreachable: Awaited<ReturnType<typeof appWithoutTable>>;

  beforeAll(async () => {
    // The same keys as the healthy app, so its tokens verify here up to the revocation read.
    unreachable = await appWithoutTable(await testSigningKeys());
  });

  it("fails a signed-in request closed with 503 and a generic message", async () => {
    const response = await unreachable.graphql(ME, {}, user.accessToken);
    expect(response.status).toBe(503);
    expect(response.headers["cache-control"]).toBe("no-store");
    expect(response.body).not.toHaveProperty("data");
    expect(errorOf(response)).toEqual(INTERNAL);
    expectNothingAboutTheStore(response, unreachable.tableName);
  });

  it("fails a login with 503 too, rather than signing anyone in", async () => {
    const response = await unreachable.graphql(LOGIN, {
      email: user.user.email,
      password: PASSWORD,
    });
    expect(response.status).toBe(503);
    expect(response.body.data).toBeNull();
    expect(errorOf(response)).toEqual(INTERNAL);
    expectNothingAboutTheStore(response, unreachable.tableName);
  });

  it("still answers 401 for a token that does not verify: the store is only asked after that", async () => {
    const response = await unreachable.graphql(ME, {}, "not-a-jwt");
    expect(response.status).toBe(401);
  });

  it("reports itself unhealthy", async () => {
    const response = await unreachable.invoke(httpEvent({ path: "/health" }));
    expect(response.status).toBe(503);
    expect(response.body).toEqual({ status: "unavailable" });
  });
});

describe("an unexpected error", () => {
  /** Memory stores where the named methods throw a plain error carrying AWS-like text. */
  function explodingStores(...methods: `${keyof Stores}.${string}`[]) {
    const stores = memoryStores();
    const armed = { on: false };
    for (const method of methods) {
      const [port, name] = method.split(".") as [keyof Stores, string];
      const target = stores[port] as unknown as Record<string, (...args: unknown[]) => unknown>;
      const original = target[name];
      if (original === undefined) throw new TypeError(`no such store method ${method}`);
      target[name] = (...args: unknown[]) => {
        if (armed.on) throw new Error(`ValidationException: ${SECRET_STORE_TEXT} is unhappy`);
        return original.apply(target, args);
      };
    }
    return { stores, armed };
  }

  let logs: CapturedLogs;
  const logged = () => logs.lines().join("\n");
  const errorLogged = () => logs.records().some((record) => record.level === "ERROR");

  beforeEach(() => {
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  it.each(["development", "production"])(
    "in a resolver becomes INTERNAL_SERVER_ERROR with a fixed message and no trace (%s)",
    async (environment) => {
      const { stores, armed } = explodingStores("users.getByEmail");
      const target = await createTestApp({
        stores,
        hasher: fastHasher(),
        env: { GATEHOUSE_ENV: environment },
      });
      target.runtime.telemetry.logger.setLogLevel("INFO");
      await signUp(target, "victim@example.com");
      armed.on = true;

      const response = await target.graphql(LOGIN, {
        email: "victim@example.com",
        password: PASSWORD,
      });
      expect([200, 500]).toContain(response.status);
      expect(errorOf(response)).toEqual(INTERNAL);
      expect(response.body.errors[0].extensions).toEqual({ code: "INTERNAL_SERVER_ERROR" });
      expect(response.text).not.toContain("secret-table");
      expect(response.text).not.toContain("arn:aws");
      expect(response.text).not.toContain("ValidationException");
      expect(response.text).not.toMatch(/\n\s+at |stacktrace/);
      // Operators hear about it, but production logs carry the error's name, not its text.
      expect(errorLogged()).toBe(true);
      if (environment === "production") expect(logged()).not.toContain("secret-table");
    },
  );

  it("in the revocation read becomes INTERNAL_SERVER_ERROR with a fixed message and no trace", async () => {
    const { stores, armed } = explodingStores("revocations.read");
    const target = await createTestApp({
      stores,
      hasher: fastHasher(),
      env: { GATEHOUSE_ENV: "production" },
    });
    target.runtime.telemetry.logger.setLogLevel("INFO");
    const { accessToken } = await signUp(target);
    armed.on = true;

    const response = await target.graphql(ME, {}, { token: accessToken });
    expect([200, 500]).toContain(response.status);
    expect(response.body.data ?? null).toBeNull();
    expect(errorOf(response)).toEqual(INTERNAL);
    expect(response.text).not.toContain("secret-table");
    expect(response.text).not.toContain("arn:aws");
    expect(response.text).not.toMatch(/\n\s+at |stacktrace/);
    expect(errorLogged()).toBe(true);
    expect(logged()).not.toContain("secret-table");
  });
});

describe("responses never carry secrets", () => {
  it("never contain a password hash, the table name, or a token the caller presented", async () => {
    const email = uniqueEmail("secrets");
    const own = await signUp(app, email);
    const presented = [own.accessToken, own.refreshToken];
    const withHeader = (query: string, variables: Record<string, unknown> = {}) =>
      app.graphql(query, variables, { token: own.accessToken });

    const responses: TestResponse[] = [
      await app.graphql(SIGN_UP, { email, password: PASSWORD }),
      await app.graphql(SIGN_UP, { email: uniqueEmail(), password: "too short" }),
      await app.graphql(LOGIN, { email, password: "a wrong password, surely" }),
      await withHeader(ME),
      await withHeader(SESSIONS),
      await withHeader(USER, { id: own.user.id }),
      await withHeader(USER, { id: admin.user.id }),
      await withHeader(USERS),
      await app.graphql(USERS, { first: 100 }, { token: admin.accessToken }),
      await app.graphql(REFRESH, { refreshToken: own.accessToken }),
      await app.graphql(REFRESH, { refreshToken: `${own.refreshToken}x` }),
      await withHeader(REVOKE, { token: `${own.accessToken}x` }),
      await app.graphql(ME, {}, { headers: { authorization: `Basic ${own.accessToken}` } }),
      await app.graphql(ME, {}, { headers: { authorization: `Bearer ${own.refreshToken}` } }),
      await app.graphql(ME, {}, { token: `${own.accessToken}x` }),
    ];

    expect(hashes.length).toBeGreaterThan(0);
    for (const response of responses) {
      for (const hash of hashes) expect(response.text).not.toContain(hash);
      expect(response.text).not.toContain("$argon2");
      expect(response.text).not.toContain("passwordHash");
      expect(response.text).not.toContain(app.tableName);
      for (const token of presented) expect(response.text).not.toContain(token);
    }
  });
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
    expect(errorOf(refused[0] as TestResponse).code).toBe("BAD_USER_INPUT");
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
