import {
  DeleteCommand,
  type DeleteCommandInput,
  type DynamoDBDocumentClient,
  GetCommand,
  type GetCommandInput,
  PutCommand,
  type PutCommandInput,
  QueryCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
  UpdateCommand,
  type UpdateCommandInput,
} from "@aws-sdk/lib-dynamodb";
import { storeCall } from "./errors.js";

/** An item as lib-dynamodb hands it over. */
export type Item = Record<string, unknown>;
/** The primary key of an item. */
export type Key = Readonly<Record<string, string>>;

type Input<T> = Omit<T, "TableName">;

/**
 * The one table, call by call: each adds `TableName` and goes through `storeCall`, so any
 * failure is `STORE_UNAVAILABLE`. The `…If` writes answer a failed condition instead of
 * failing, which is how the adapter tells "someone else got there first" from a fault.
 */
export interface Table {
  /** One item, or undefined; strongly consistent when `consistent`. */
  get(
    key: Key,
    consistent?: boolean,
    more?: Input<Omit<GetCommandInput, "Key" | "ConsistentRead">>,
  ): Promise<Item | undefined>;
  /** One page of a query. */
  query(input: Input<QueryCommandInput>): Promise<QueryCommandOutput>;
  /** Writes an item; a failed condition is a fault too. */
  put(input: Input<PutCommandInput>): Promise<void>;
  /** Writes an item; false when its condition failed. */
  putIf(input: Input<PutCommandInput>): Promise<boolean>;
  /** Updates an item; the attributes `ReturnValues` asks for. A failed condition is a fault. */
  update(input: Input<UpdateCommandInput>): Promise<Item | undefined>;
  /** Updates an item; the attributes `ReturnValues` asks for (`{}` for none), null when its condition failed. */
  updateIf(input: Input<UpdateCommandInput>): Promise<Item | null>;
  /** Deletes an item; a failed condition is a fault. */
  delete(input: Input<DeleteCommandInput>): Promise<void>;
  /** Deletes an item and returns what it held; null when its condition failed. */
  deleteIf(input: Input<Omit<DeleteCommandInput, "ReturnValues">>): Promise<Item | null>;
}

/** The helper over `tableName`; thin on purpose: inputs are the SDK's own, less `TableName`. */
export function table(db: DynamoDBDocumentClient, tableName: string): Table {
  const update = (input: Input<UpdateCommandInput>) =>
    db.send(new UpdateCommand({ TableName: tableName, ...input }));
  return {
    async get(key, consistent = false, more = {}) {
      const { Item } = await storeCall(() =>
        db.send(
          new GetCommand({
            TableName: tableName,
            Key: key,
            ...(consistent ? { ConsistentRead: true } : {}),
            ...more,
          }),
        ),
      );
      return Item;
    },
    query: (input) =>
      storeCall(() => db.send(new QueryCommand({ TableName: tableName, ...input }))),
    async put(input) {
      await storeCall(() => db.send(new PutCommand({ TableName: tableName, ...input })));
    },
    putIf: (input) =>
      storeCall(
        async () => {
          await db.send(new PutCommand({ TableName: tableName, ...input }));
          return true;
        },
        () => false,
      ),
    update: async (input) => (await storeCall(() => update(input))).Attributes,
    updateIf: (input) =>
      storeCall(
        async () => (await update(input)).Attributes ?? {},
        () => null,
      ),
    async delete(input) {
      await storeCall(() => db.send(new DeleteCommand({ TableName: tableName, ...input })));
    },
    deleteIf: (input) =>
      storeCall(
        async () => {
          const deleted = await db.send(
            new DeleteCommand({ TableName: tableName, ...input, ReturnValues: "ALL_OLD" }),
          );
          return deleted.Attributes ?? {};
        },
        () => null,
      ),
  };
}
