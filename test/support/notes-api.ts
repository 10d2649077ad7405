/**
 * A small team API on Gatehouse, as `createGatehouse` takes it: notes with an owner, an
 * EDITOR role, a field only ADMIN sees, the caller's extra claims, and a per-request context
 * that counts its calls. Its notes live in memory: the tests are about Gatehouse, not storage.
 */
import type { Principal } from "@gatehouse/core";
import {
  any,
  type GatehouseParts,
  hasRole,
  isOwner,
  signedIn,
  type TeamRules,
} from "@gatehouse/functions";

/** The role set the notes API is deployed with. */
export const NOTES_ROLES = "USER,EDITOR,ADMIN";

interface Note {
  readonly id: string;
  readonly owner: string;
  text: string;
  readonly secret: string;
}

/** The notes API's own per-request services. */
export interface NotesContext {
  readonly notes: Map<string, Note>;
  readonly caller: string | null;
}

export const NOTES_TYPE_DEFS = /* GraphQL */ `
  type Note {
    id: ID!
    owner: ID!
    text: String!
    secret: String
  }
  extend type Query {
    notes: [Note!]!
    myClaims: String
  }
  extend type Mutation {
    addNote(text: String!): Note!
    editNote(id: ID!, text: String!): Note!
  }
`;

const ownsNote = isOwner((note: Note, principal: Principal) => note.owner === principal.userId);

/** A rule for every field of the notes API. */
export const NOTES_RULES: TeamRules = {
  Query: { notes: signedIn, myClaims: signedIn },
  Mutation: { addNote: signedIn, editNote: hasRole("EDITOR") },
  Note: {
    id: signedIn,
    owner: signedIn,
    text: any(ownsNote, hasRole("EDITOR"), hasRole("ADMIN")),
    secret: hasRole("ADMIN"),
  },
};

/** The notes API's parts; `onContext` sees each call of the context function. */
export function notesApi(
  onContext: (caller: string | null) => void = () => undefined,
): GatehouseParts<NotesContext> {
  const notes = new Map<string, Note>();
  return {
    typeDefs: NOTES_TYPE_DEFS,
    rules: NOTES_RULES,
    context: ({ principal }) => {
      const caller = principal?.userId ?? null;
      onContext(caller);
      return { notes, caller };
    },
    resolvers: {
      Query: {
        notes: (_parent, _args, { app }) => [...app.notes.values()],
        myClaims: (_parent, _args, { principal }) => JSON.stringify(principal?.claims ?? {}),
      },
      Mutation: {
        addNote: (_parent, args: { text: string }, { app }) => {
          const note = {
            id: `n${app.notes.size + 1}`,
            owner: app.caller ?? "",
            text: args.text,
            secret: `secret of ${args.text}`,
          };
          app.notes.set(note.id, note);
          return note;
        },
        editNote: (_parent, args: { id: string; text: string }, { app }) => {
          const note = app.notes.get(args.id);
          if (note === undefined) throw new Error("no such note");
          note.text = args.text;
          return note;
        },
      },
    },
  };
}
