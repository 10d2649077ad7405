import { randomUUID } from "node:crypto";
import { createDocumentClient, dynamoStores } from "@gatehouse/core/dynamo";
import { ensureTable } from "@gatehouse/functions/local";
import { fastHasher } from "@gatehouse/testing";
import { appSyncAuthorizerEvent, createTestApp, type TestApp } from "@gatehouse/testing/http";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { profileWriter } from "../support/assurance.js";
import { FORBIDDEN, MFA_REQUIRED, NOT_SIGNED_IN } from "../support/errors.js";
import {
  type AuthPayloadData,
  dataOf,
  errorOf,
  login,
  SET_ROLES,
  signInAsAdmin,
  signUp,
  uniqueEmail,
} from "../support/gql.js";
import { NOTES_ROLES, notesApi } from "../support/notes-api.js";

// A team's API built with createGatehouse, through the real handler against the embedded
// DynamoDB: its rules, its context, the caller's principal, and the AppSync authorizer.

const NOTES = "query Notes { notes { id owner text } }";
const NOTES_WITH_SECRET = "query Secrets { notes { id secret } }";
const ADD_NOTE = "mutation Add($text: String!) { addNote(text: $text) { id owner text } }";
const EDIT_NOTE =
  "mutation Edit($id: ID!, $text: String!) { editNote(id: $id, text: $text) { id text } }";

let app: TestApp;
let admin: AuthPayloadData;
let alice: AuthPayloadData;
let bob: AuthPayloadData;
let editor: AuthPayloadData;
let aliceNote: string;
const contextCalls: (string | null)[] = [];
let storeCalls: string[] = [];
const setProfile = profileWriter();

beforeAll(async () => {
  const endpoint = inject("dynamoEndpoint");
  const tableName = `gatehouse-library-${randomUUID()}`;
  await ensureTable(endpoint, tableName);
  const db = createDocumentClient({
    endpoint,
    region: "local",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  // Counts every call the stores make, to hold the one-read-per-request promise.
  db.middlewareStack.add(
    (next, context) => async (args) => {
      storeCalls.push(context.commandName ?? "");
      return next(args);
    },
    { step: "initialize", name: "countCalls" },
  );
  app = await createTestApp({
    stores: dynamoStores(db, tableName),
    tableName,
    hasher: fastHasher(),
    env: { GATEHOUSE_ROLES: NOTES_ROLES },
    gatehouse: notesApi((caller) => contextCalls.push(caller)),
  });
  admin = await signInAsAdmin(app);
  alice = await signUp(app);
  bob = await signUp(app);
  const email = uniqueEmail("editor");
  const made = await signUp(app, email);
  dataOf(
    await app.graphql(
      SET_ROLES,
      { userId: made.user.id, roles: ["USER", "EDITOR"] },
      { token: admin.accessToken },
    ),
    "setRoles",
  );
  editor = await login(app, email);
  aliceNote = dataOf<{ id: string }>(
    await app.graphql(ADD_NOTE, { text: "alice's" }, { token: alice.accessToken }),
    "addNote",
  ).id;
});

describe("a team's API on Gatehouse", () => {
  it("lets a USER read their own notes", async () => {
    const notes = dataOf(await app.graphql(NOTES, {}, { token: alice.accessToken }), "notes");
    expect(notes).toEqual([{ id: aliceNote, owner: alice.user.id, text: "alice's" }]);
  });

  it("refuses a USER the text of another user's note with FORBIDDEN", async () => {
    const response = await app.graphql(NOTES, {}, { token: bob.accessToken });
    expect(errorOf(response)).toEqual(FORBIDDEN);
    expect(response.body.errors[0].path).toEqual(["notes", 0, "text"]);
  });

  it("lets an EDITOR edit anyone's note", async () => {
    const edited = dataOf(
      await app.graphql(
        EDIT_NOTE,
        { id: aliceNote, text: "edited" },
        { token: editor.accessToken },
      ),
      "editNote",
    );
    expect(edited).toEqual({ id: aliceNote, text: "edited" });
  });

  it("refuses a USER an EDITOR's mutation with FORBIDDEN", async () => {
    const response = await app.graphql(
      EDIT_NOTE,
      { id: aliceNote, text: "mine now" },
      { token: bob.accessToken },
    );
    expect(errorOf(response)).toEqual(FORBIDDEN);
  });

  it("shows a field only to ADMIN", async () => {
    const notes = dataOf<{ secret: string }[]>(
      await app.graphql(NOTES_WITH_SECRET, {}, { token: admin.accessToken }),
      "notes",
    );
    expect(notes[0]?.secret).toBe("secret of alice's");
    for (const caller of [alice, editor]) {
      const response = await app.graphql(NOTES_WITH_SECRET, {}, { token: caller.accessToken });
      expect(errorOf(response)).toEqual(FORBIDDEN);
    }
  });

  it("answers an anonymous caller UNAUTHENTICATED", async () => {
    expect(errorOf(await app.graphql(NOTES))).toEqual(NOT_SIGNED_IN);
    expect(errorOf(await app.graphql(ADD_NOTE, { text: "x" }))).toEqual(NOT_SIGNED_IN);
  });

  it("keeps Gatehouse's own fields and rules as they are", async () => {
    expect(
      errorOf(
        await app.graphql(
          "query { users { pageInfo { hasNextPage } } }",
          {},
          {
            token: editor.accessToken,
          },
        ),
      ),
    ).toEqual(FORBIDDEN);
    const me = dataOf<{ id: string }>(
      await app.graphql("query { me { id } }", {}, { token: bob.accessToken }),
      "me",
    );
    expect(me.id).toBe(bob.user.id);
  });

  it("calls the team's context function once per request, with the caller", async () => {
    contextCalls.length = 0;
    await app.graphql(NOTES, {}, { token: alice.accessToken });
    await app.graphql(NOTES);
    expect(contextCalls).toEqual([alice.user.id, null]);
  });

  it("makes exactly one DynamoDB read for an authenticated request to a team's field", async () => {
    storeCalls = [];
    dataOf(await app.graphql(NOTES, {}, { token: alice.accessToken }), "notes");
    expect(storeCalls).toHaveLength(1);
  });

  it("still makes exactly one read for a user with a second factor, answered or gated", async () => {
    const email = uniqueEmail("factor");
    const { user } = await signUp(app, email);
    await setProfile(app, user.id, {
      secondFactors: { totp: true, passkeys: 1 },
      emailVerified: true,
    });
    const { accessToken } = await login(app, email);
    storeCalls = [];
    dataOf(await app.graphql("query { me { id } }", {}, { token: accessToken }), "me");
    expect(storeCalls).toEqual(["GetItemCommand"]);
    storeCalls = [];
    expect(errorOf(await app.graphql(NOTES, {}, { token: accessToken }))).toEqual(MFA_REQUIRED);
    expect(storeCalls).toEqual(["GetItemCommand"]);
  });
});

describe("the AppSync authorizer of a team's API", () => {
  it("denies a USER the team's EDITOR- and ADMIN-only fields, and Gatehouse's", async () => {
    const result = await app.gatehouse.appSyncAuthorizer(appSyncAuthorizerEvent(alice.accessToken));
    expect(result.isAuthorized).toBe(true);
    if (!result.isAuthorized) return;
    expect(result.deniedFields).toEqual(
      expect.arrayContaining(["Query.users", "Mutation.editNote", "Note.secret"]),
    );
    // Owner-dependent fields depend on the object read: the resolvers' rules decide them.
    expect(result.deniedFields).not.toContain("Note.text");
    expect(result.deniedFields).not.toContain("Query.notes");
  });

  it("denies an EDITOR only what their role does not reach", async () => {
    const result = await app.gatehouse.appSyncAuthorizer(
      appSyncAuthorizerEvent(editor.accessToken),
    );
    if (!result.isAuthorized) throw new Error("expected the editor to be authorized");
    expect(result.deniedFields).toContain("Note.secret");
    expect(result.deniedFields).not.toContain("Mutation.editNote");
  });
});
