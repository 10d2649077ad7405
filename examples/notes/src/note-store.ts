import { randomUUID } from "node:crypto";
import { GetCommand, PutCommand, QueryCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { GatehouseTable } from "@gatehouse/functions";

/** One note as the API serves it. */
export interface Note {
  readonly id: string;
  readonly owner: string;
  readonly text: string;
  /** Who last changed the text (the owner or an EDITOR); only ADMIN may read it. */
  readonly editedBy: string | null;
}

// The notes live in Gatehouse's table under a prefix of their own: one partition per owner,
// so "my notes" is one Query. A note's id carries its owner, so reading one by id is one Get.
const PREFIX = "NOTES#";
const SEPARATOR = ".";

function keyOf(id: string): { pk: string; sk: string } | undefined {
  const at = id.lastIndexOf(SEPARATOR);
  if (at <= 0) return undefined;
  return { pk: `${PREFIX}${id.slice(0, at)}`, sk: `NOTE#${id.slice(at + 1)}` };
}

function noteOf(item: Record<string, unknown>): Note {
  return {
    id: String(item.id),
    owner: String(item.owner),
    text: String(item.text),
    editedBy: typeof item.editedBy === "string" ? item.editedBy : null,
  };
}

/** The notes, stored durably beside Gatehouse's own items. */
export function noteStore({ client, name }: GatehouseTable) {
  return {
    async add(owner: string, text: string): Promise<Note> {
      const id = `${owner}${SEPARATOR}${randomUUID()}`;
      const note = { id, owner, text, editedBy: null };
      await client.send(new PutCommand({ TableName: name, Item: { ...keyOf(id), ...note } }));
      return note;
    },

    async get(id: string): Promise<Note | undefined> {
      const key = keyOf(id);
      if (key === undefined) return undefined;
      const { Item } = await client.send(new GetCommand({ TableName: name, Key: key }));
      return Item === undefined ? undefined : noteOf(Item);
    },

    async listOwnedBy(owner: string): Promise<Note[]> {
      const { Items = [] } = await client.send(
        new QueryCommand({
          TableName: name,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": `${PREFIX}${owner}` },
        }),
      );
      return Items.map(noteOf);
    },

    async edit(id: string, text: string, editedBy: string): Promise<Note> {
      const { Attributes } = await client.send(
        new UpdateCommand({
          TableName: name,
          Key: keyOf(id),
          UpdateExpression: "SET #text = :text, editedBy = :by",
          ConditionExpression: "attribute_exists(pk)",
          ExpressionAttributeNames: { "#text": "text" },
          ExpressionAttributeValues: { ":text": text, ":by": editedBy },
          ReturnValues: "ALL_NEW",
        }),
      );
      return noteOf(Attributes ?? {});
    },
  };
}

/** The notes store a request's resolvers use. */
export type NoteStore = ReturnType<typeof noteStore>;
