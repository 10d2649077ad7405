import type { LocalServer } from "@gatehouse/functions/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN, type Answer, client, PASSWORD, startNotesServer } from "./notes-server.js";

// The notes API through its real Lambda entry (src/handler.ts), served as `npm run
// example:notes` serves it, against the embedded DynamoDB.

const SIGN_UP =
  "mutation($e: String!, $p: String!) { signUp(email: $e, password: $p) { accessToken } }";
const LOGIN =
  "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }";
const CREATE_EDITOR = `mutation($e: String!, $p: String!) {
  createUser(email: $e, password: $p, roles: [USER, EDITOR]) { roles }
}`;
const ADD = "mutation($t: String!) { addNote(text: $t) { id owner text } }";
const NOTE = "query($id: ID!) { note(id: $id) { text } }";
const NOTE_EDITED_BY = "query($id: ID!) { note(id: $id) { text editedBy } }";
const EDIT = "mutation($id: ID!, $t: String!) { editNote(id: $id, text: $t) { text } }";
const FORBIDDEN = { code: "FORBIDDEN", message: "You are not allowed to do this." };

let server: LocalServer;
let gql: ReturnType<typeof client>;
let ada: string;
let bob: string;
let eve: string;
let admin: string;

function errorOf(answer: Answer) {
  const error = answer.errors?.[0];
  return { code: error?.extensions?.code, message: error?.message };
}

async function token(query: string, field: string, email: string, password = PASSWORD) {
  const answer = await gql(query, { e: email, p: password });
  if (answer.data?.[field] === undefined) throw new Error(JSON.stringify(answer));
  return answer.data[field].accessToken as string;
}

async function addNote(by: string, text: string): Promise<string> {
  return (await gql(ADD, { t: text }, by)).data.addNote.id;
}

beforeAll(async () => {
  server = await startNotesServer();
  gql = client(server);
  ada = await token(SIGN_UP, "signUp", "ada@example.com");
  bob = await token(SIGN_UP, "signUp", "bob@example.com");
  admin = await token(LOGIN, "login", ADMIN.email, ADMIN.password);
  await gql(CREATE_EDITOR, { e: "eve@example.com", p: PASSWORD }, admin);
  eve = await token(LOGIN, "login", "eve@example.com");
});

afterAll(() => server?.close());

describe("the notes API", () => {
  it("keeps a note in the table: its owner reads it back, and lists it among their own", async () => {
    const added = await gql(ADD, { t: "Ship the beta" }, ada);
    const note = added.data.addNote;
    expect(note.text).toBe("Ship the beta");
    expect((await gql(NOTE, { id: note.id }, ada)).data).toEqual({
      note: { text: "Ship the beta" },
    });
    const mine = await gql("{ myNotes { id } }", {}, ada);
    expect(mine.data.myNotes).toContainEqual({ id: note.id });
    expect((await gql("{ myNotes { id } }", {}, bob)).data.myNotes).toEqual([]);
  });

  it("refuses a USER another user's note with FORBIDDEN", async () => {
    const id = await addNote(ada, "Ada's");
    const answer = await gql(NOTE, { id }, bob);
    expect(errorOf(answer)).toEqual(FORBIDDEN);
    expect(answer.data).toEqual({ note: null });
  });

  it("lets a note's owner edit it and refuses another USER with FORBIDDEN, changing nothing", async () => {
    const id = await addNote(ada, "draft");
    expect((await gql(EDIT, { id, t: "final" }, ada)).data).toEqual({
      editNote: { text: "final" },
    });
    expect(errorOf(await gql(EDIT, { id, t: "Bob was here" }, bob))).toEqual(FORBIDDEN);
    expect((await gql(NOTE, { id }, ada)).data.note.text).toBe("final");
  });

  it("lets an EDITOR read and edit anyone's note", async () => {
    const id = await addNote(ada, "Ship the beta");
    expect((await gql(EDIT, { id, t: "Ship on Friday" }, eve)).data).toEqual({
      editNote: { text: "Ship on Friday" },
    });
    expect((await gql(NOTE, { id }, ada)).data.note.text).toBe("Ship on Friday");
  });

  it("shows who edited a note to an ADMIN only", async () => {
    const id = await addNote(ada, "Ship the beta");
    await gql(EDIT, { id, t: "Ship on Friday" }, eve);
    for (const reader of [ada, eve]) {
      const answer = await gql(NOTE_EDITED_BY, { id }, reader);
      expect(errorOf(answer)).toEqual(FORBIDDEN);
      expect(answer.errors?.[0]).toMatchObject({ path: ["note", "editedBy"] });
    }
    const seen = await gql(NOTE_EDITED_BY, { id }, admin);
    expect(seen.data.note.editedBy).toEqual(expect.any(String));
    expect(seen.errors).toBeUndefined();
  });

  it("refuses anonymous callers with UNAUTHENTICATED", async () => {
    const answer = await gql("{ myNotes { id } }");
    expect(errorOf(answer)).toEqual({ code: "UNAUTHENTICATED", message: "You must be signed in." });
  });

  it("answers an edit of a note that does not exist with BAD_USER_INPUT", async () => {
    const answer = await gql(EDIT, { id: "nobody.nothing", t: "x" }, eve);
    expect(errorOf(answer)).toEqual({ code: "BAD_USER_INPUT", message: "No note has this id." });
  });
});
