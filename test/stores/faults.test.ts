import { randomUUID } from "node:crypto";
import { createDocumentClient, dynamoStores } from "@gatehouse/core/dynamo";
import { ensureTable } from "@gatehouse/functions/local";
import { fastHasher, fixedClock } from "@gatehouse/testing";
import { createTestApp, type TestApp, type TestResponse } from "@gatehouse/testing/http";
import { beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { INTERNAL } from "../support/errors.js";
import {
  type AuthPayloadData,
  CHANGE_PASSWORD,
  dataOf,
  errorOf,
  LOGIN,
  LOGOUT,
  login,
  ME,
  PASSWORD,
  REFRESH,
  SESSIONS,
  SIGN_UP,
  signUp,
  uniqueEmail,
} from "../support/gql.js";

// DynamoDB throttling or unreachable in the middle of a request. Faults are injected with a
// middleware on the very document client the stores use, so production code runs unchanged:
// every request fails closed with the generic error, leaves nothing half-written, and the
// next request after recovery works.

const START = Date.UTC(2026, 0, 1);

interface Call {
  readonly command: string;
  // biome-ignore lint/suspicious/noExplicitAny: the document client's plain input, any command.
  readonly input: any;
}
type Matcher = (call: Call) => boolean;

/** The two ways a table lets a request down, each carrying text that must not leak. */
const FAULTS: Record<string, (tableName: string) => Error> = {
  throttling: (tableName) =>
    Object.assign(new Error(`Rate of requests exceeds the allowed throughput for ${tableName}`), {
      name: "ProvisionedThroughputExceededException",
      $fault: "client",
      $metadata: { httpStatusCode: 400 },
    }),
  unreachable: (tableName) =>
    Object.assign(new Error(`connect ECONNREFUSED 10.0.0.1:443 (${tableName})`), {
      name: "Error",
      code: "ECONNREFUSED",
    }),
};

const clock = fixedClock(START);
let app: TestApp;
let tableName: string;
let matcher: Matcher | null = null;
/** When set, a picked call is answered with this output instead of failing. */
let reply: ((call: Call) => Record<string, unknown>) | null = null;
let fault: keyof typeof FAULTS = "throttling";
let injected = 0;

/** Fails every call `when` picks with the current fault (or answers it) until `heal()`. */
function breakWhen(when: Matcher, answer: typeof reply = null) {
  matcher = when;
  reply = answer;
  injected = 0;
}
function heal() {
  matcher = null;
}

const sk = (call: Call) => String(call.input.Item?.sk ?? call.input.Key?.sk ?? "");
const is = (command: string, prefix?: string) => (call: Call) =>
  call.command === command && (prefix === undefined || sk(call).startsWith(prefix));
const any: Matcher = () => true;

beforeAll(async () => {
  const endpoint = inject("dynamoEndpoint");
  tableName = `gatehouse-faults-${randomUUID()}`;
  await ensureTable(endpoint, tableName);
  const db = createDocumentClient({
    endpoint,
    region: "local",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  // At the initialize step the input is still plain JavaScript and the command is named for
  // the low-level operation (`PutCommand` runs as `PutItemCommand`); the SDK's own retries
  // come later in the stack, so what is thrown here is what the stores see after them.
  db.middlewareStack.add(
    (next, context) => async (args) => {
      const call = { command: context.commandName ?? "", input: args.input };
      if (matcher?.(call)) {
        injected++;
        // biome-ignore lint/suspicious/noExplicitAny: a hand-made output for any command.
        if (reply !== null) return { output: reply(call) as any, response: {} };
        throw FAULTS[fault]?.(tableName);
      }
      return next(args);
    },
    { step: "initialize", name: "injectFaults" },
  );
  app = await createTestApp({
    stores: dynamoStores(db, tableName),
    tableName,
    hasher: fastHasher(),
    clock,
    env: { GATEHOUSE_ENV: "production" },
  });
});

beforeEach(() => {
  heal();
  clock.set(START);
});

/** The generic failure: no data, a fixed message, nothing about the store. */
function expectFailedClosed(response: TestResponse, status: number) {
  expect(response.status).toBe(status);
  expect(response.headers["cache-control"]).toBe("no-store");
  expect(response.body.data ?? null).toBeNull();
  expect(response.body.errors).toHaveLength(1);
  expect(errorOf(response)).toEqual(INTERNAL);
  for (const leak of [tableName, "ECONNREFUSED", "Throughput", "Dynamo", "10.0.0.1", "#"]) {
    expect(response.text).not.toContain(leak);
  }
  expect(injected).toBeGreaterThan(0);
}

const live = (session: AuthPayloadData) =>
  app.graphql(SESSIONS, {}, { token: session.accessToken });

describe.each(Object.keys(FAULTS))("DynamoDB %s", (kind) => {
  beforeEach(() => {
    fault = kind;
  });

  describe("during the revocation read", () => {
    it("answers a signed-in request 503 and lets it through after recovery", async () => {
      const session = await signUp(app);
      breakWhen(is("GetItemCommand", "PROFILE"));
      expectFailedClosed(await app.graphql(ME, {}, { token: session.accessToken }), 503);
      heal();
      expect(
        dataOf<{ id: string }>(await app.graphql(ME, {}, { token: session.accessToken }), "me").id,
      ).toBe(session.user.id);
    });
  });

  describe("during login", () => {
    it.each<[string, Matcher]>([
      ["every call", any],
      ["the user lookup", is("GetItemCommand")],
      ["the session write", is("PutItemCommand", "SESSION#")],
    ])(
      "fails closed when %s fails, starts no session, and works after recovery",
      async (_, when) => {
        const email = uniqueEmail();
        const session = await signUp(app, email);
        breakWhen(when);
        expectFailedClosed(await app.graphql(LOGIN, { email, password: PASSWORD }), 503);
        heal();
        await login(app, email);
        // The sign-up's session and the one after recovery: none from the failed attempt.
        expect(dataOf<unknown[]>(await live(session), "sessions")).toHaveLength(2);
      },
    );
  });

  describe("during sign-up", () => {
    it.each<[string, Matcher]>([
      ["every call", any],
      ["the email claim", is("PutItemCommand", "EMAIL")],
      ["the profile write", is("PutItemCommand", "PROFILE")],
    ])("fails closed when %s fails and leaves the email free at once", async (_, when) => {
      const email = uniqueEmail();
      breakWhen(when);
      expectFailedClosed(await app.graphql(SIGN_UP, { email, password: PASSWORD }), 503);
      heal();
      expect(errorOf(await app.graphql(LOGIN, { email, password: PASSWORD })).code).toBe(
        "UNAUTHENTICATED",
      );
      const retried = await signUp(app, email);
      expect((await login(app, email)).user.id).toBe(retried.user.id);
    });

    it("frees an email whose sign-up died between its writes once the claim is a minute old", async () => {
      const email = uniqueEmail();
      // The table goes away after the claim: the profile write and the claim's release fail.
      breakWhen(
        (call) => is("PutItemCommand", "PROFILE")(call) || is("DeleteItemCommand", "EMAIL")(call),
      );
      expectFailedClosed(await app.graphql(SIGN_UP, { email, password: PASSWORD }), 503);
      heal();
      // A fresh claim might belong to a sign-up still in flight, so it is not taken over yet.
      expect(errorOf(await app.graphql(SIGN_UP, { email, password: PASSWORD }))).toEqual({
        code: "BAD_USER_INPUT",
        message: "An account with this email already exists.",
      });
      clock.advance(60_000);
      const retried = await signUp(app, email);
      expect((await login(app, email)).user.id).toBe(retried.user.id);
    });

    it("leaves an account its owner can log in to when only the first session's write fails", async () => {
      const email = uniqueEmail();
      breakWhen(is("PutItemCommand", "SESSION#"));
      expectFailedClosed(
        await app.graphql(SIGN_UP, { email, password: "the password I chose" }),
        503,
      );
      heal();
      const session = await login(app, email, "the password I chose");
      expect(session.user.email).toBe(email);
      expect(dataOf<unknown[]>(await live(session), "sessions")).toHaveLength(1);
    });
  });

  describe("during refresh", () => {
    it.each<[string, Matcher]>([
      ["every call", any],
      ["the session read", is("GetItemCommand", "SESSION#")],
      ["the spent-token record", is("PutItemCommand", "SPENT#")],
      ["the rotation", is("UpdateItemCommand", "SESSION#")],
    ])(
      "fails closed when %s fails, and the same refresh token works after recovery",
      async (_, when) => {
        const session = await signUp(app);
        breakWhen(when);
        expectFailedClosed(await app.graphql(REFRESH, { refreshToken: session.refreshToken }), 503);
        heal();
        const rotated = dataOf<AuthPayloadData>(
          await app.graphql(REFRESH, { refreshToken: session.refreshToken }),
          "refresh",
        );
        expect(rotated.user.id).toBe(session.user.id);
        // The session lives on: its new token pair works and the old refresh token is spent.
        expect(dataOf<unknown[]>(await live(rotated), "sessions")).toHaveLength(1);
        expect(
          errorOf(await app.graphql(REFRESH, { refreshToken: session.refreshToken })).code,
        ).toBe("UNAUTHENTICATED");
      },
    );
  });

  describe("during changePassword", () => {
    const NEW_PASSWORD = "a different but equally long passphrase";
    const change = (session: AuthPayloadData, currentPassword: string) =>
      app.graphql(
        CHANGE_PASSWORD,
        { currentPassword, newPassword: NEW_PASSWORD },
        { token: session.accessToken },
      );
    const logsIn = async (email: string, password: string) =>
      (await app.graphql(LOGIN, { email, password })).body.errors === undefined;
    const works = async (session: AuthPayloadData) =>
      (await app.graphql(ME, {}, { token: session.accessToken })).status === 200;

    // How many store calls one changePassword request makes, the revocation read included.
    async function callsOfOneChange(): Promise<number> {
      const email = uniqueEmail();
      const caller = await signUp(app, email);
      let calls = 0;
      breakWhen(() => {
        calls++;
        return false;
      });
      expect(dataOf(await change(caller, PASSWORD), "changePassword")).toBe(true);
      heal();
      return calls;
    }

    it("leaves nothing half-done whichever store call fails, and a retry finishes the job", async () => {
      const calls = await callsOfOneChange();
      expect(calls).toBeGreaterThan(2);
      for (let failing = 0; failing < calls; failing++) {
        const email = uniqueEmail();
        const caller = await signUp(app, email);
        const thief = await login(app, email);
        let seen = 0;
        breakWhen(() => seen++ === failing);
        const response = await change(caller, PASSWORD);
        heal();

        // Either nothing changed, or all of it did: never the new password with the thief's
        // session alive, nor the old password gone with the new one not yet in force.
        const [oldWorks, newWorks, thiefAlive] = await Promise.all([
          logsIn(email, PASSWORD),
          logsIn(email, NEW_PASSWORD),
          works(thief),
        ]);
        const state = { call: failing, status: response.status, oldWorks, newWorks, thiefAlive };
        if (oldWorks) expect(state).toMatchObject({ newWorks: false, thiefAlive: true });
        else expect(state).toMatchObject({ newWorks: true, thiefAlive: false });
        expect(await works(caller)).toBe(true);

        // The user retries with the password that is now in force: done, whatever happened.
        const retried = await change(caller, oldWorks ? PASSWORD : NEW_PASSWORD);
        expect(dataOf(retried, "changePassword")).toBe(true);
        expect(await works(thief)).toBe(false);
        expect(await works(caller)).toBe(true);
        expect(await logsIn(email, NEW_PASSWORD)).toBe(true);
        expect(await logsIn(email, PASSWORD)).toBe(false);
      }
    });
  });

  describe("during logout", () => {
    it.each<[string, Matcher]>([
      ["the session's end", is("UpdateItemCommand", "SESSION#")],
      ["the ended-session entry on the profile", is("UpdateItemCommand", "PROFILE")],
    ])("fails closed when %s fails, and a retried logout ends both tokens", async (_, when) => {
      const session = await signUp(app);
      breakWhen(when);
      expectFailedClosed(await app.graphql(LOGOUT, {}, { token: session.accessToken }), 503);
      heal();
      // The client saw the failure and tries again, with the same token.
      expect(dataOf(await app.graphql(LOGOUT, {}, { token: session.accessToken }), "logout")).toBe(
        true,
      );
      expect((await app.graphql(ME, {}, { token: session.accessToken })).status).toBe(401);
      expect(errorOf(await app.graphql(REFRESH, { refreshToken: session.refreshToken })).code).toBe(
        "UNAUTHENTICATED",
      );
    });
  });
});
