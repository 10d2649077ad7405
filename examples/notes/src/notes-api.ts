import { forbidden, invalidArgument, notSignedIn, type Principal } from "@gatehouse/core";
import {
  any,
  type GatehouseParts,
  hasRole,
  isOwner,
  signedIn,
  type TeamRules,
} from "@gatehouse/functions";
import { type Note, type NoteStore, noteStore } from "./note-store.js";

/** The roles this API is deployed with (`GATEHOUSE_ROLES`): Gatehouse's two and EDITOR. */
export const NOTES_ROLES = "USER,EDITOR,ADMIN";

export const typeDefs = /* GraphQL */ `
  type Note {
    id: ID!
    owner: ID!
    text: String!
    "Who last changed the text. Only an ADMIN sees it."
    editedBy: ID
  }
  extend type Query {
    "A note: its owner, an EDITOR and an ADMIN may read it."
    note(id: ID!): Note
    "The caller's own notes."
    myNotes: [Note!]!
  }
  extend type Mutation {
    addNote(text: String!): Note!
    "Its owner or an EDITOR may edit a note."
    editNote(id: ID!, text: String!): Note!
  }
`;

const ownsNote = isOwner((note: Note, principal: Principal) => note.owner === principal.userId);
const readsNote = any(ownsNote, hasRole("EDITOR"), hasRole("ADMIN"));

/** A rule for every field: deny by default holds for the team's fields as for Gatehouse's. */
export const rules: TeamRules = {
  Query: { note: signedIn, myNotes: signedIn },
  // Who may edit depends on the stored note, which a rule has not read yet: editNote checks it.
  Mutation: { addNote: signedIn, editNote: signedIn },
  Note: { id: readsNote, owner: readsNote, text: readsNote, editedBy: hasRole("ADMIN") },
};

/** What each request's resolvers get on `context.app`. */
export interface NotesContext {
  readonly notes: NoteStore;
}

/** The caller; the `signedIn` rule has already refused anyone else. */
function caller(principal: Principal | null): Principal {
  if (principal === null) throw notSignedIn();
  return principal;
}

/** The ownership check on write: the note's owner, or an EDITOR. */
function mayEdit(note: Note, principal: Principal): boolean {
  return note.owner === principal.userId || principal.roles.includes("EDITOR");
}

/** The notes API as `createGatehouse` takes it. */
export const notesApi: GatehouseParts<NotesContext> = {
  typeDefs,
  rules,
  context: ({ table }) => ({ notes: noteStore(table) }),
  resolvers: {
    Query: {
      note: (_parent, args: { id: string }, { app }) => app.notes.get(args.id),
      myNotes: (_parent, _args, { app, principal }) =>
        app.notes.listOwnedBy(caller(principal).userId),
    },
    Mutation: {
      addNote: (_parent, args: { text: string }, { app, principal }) =>
        app.notes.add(caller(principal).userId, args.text),
      editNote: async (_parent, args: { id: string; text: string }, { app, principal }) => {
        const editor = caller(principal);
        const note = await app.notes.get(args.id);
        if (note === undefined) throw invalidArgument("No note has this id.");
        if (!mayEdit(note, editor)) throw forbidden();
        return app.notes.edit(args.id, args.text, editor.userId);
      },
    },
  },
};
