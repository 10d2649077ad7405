/**
 * The single table's shape: key attributes, the one global index, the TTL attribute. Shared by
 * the adapter, the local server's table creation and the tests; the SST definition in
 * `infra/storage.ts` mirrors it.
 */
export const TABLE_SCHEMA = {
  partitionKey: "pk",
  sortKey: "sk",
  /** Lists all users, oldest first (eventually consistent, which listing tolerates). */
  usersIndex: { name: "gsi1", partitionKey: "gsi1pk", sortKey: "gsi1sk" },
  ttlAttribute: "ttl",
} as const;

/** The `CreateTable` input for this schema (local server, tests). */
export function createTableInput(tableName: string) {
  const { partitionKey, sortKey, usersIndex } = TABLE_SCHEMA;
  return {
    TableName: tableName,
    BillingMode: "PAY_PER_REQUEST" as const,
    AttributeDefinitions: [partitionKey, sortKey, usersIndex.partitionKey, usersIndex.sortKey].map(
      (name) => ({ AttributeName: name, AttributeType: "S" as const }),
    ),
    KeySchema: [
      { AttributeName: partitionKey, KeyType: "HASH" as const },
      { AttributeName: sortKey, KeyType: "RANGE" as const },
    ],
    GlobalSecondaryIndexes: [
      {
        IndexName: usersIndex.name,
        KeySchema: [
          { AttributeName: usersIndex.partitionKey, KeyType: "HASH" as const },
          { AttributeName: usersIndex.sortKey, KeyType: "RANGE" as const },
        ],
        Projection: { ProjectionType: "ALL" as const },
      },
    ],
  };
}
