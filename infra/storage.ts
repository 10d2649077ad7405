/**
 * The table: users, sessions, spent refresh tokens, denied access tokens and login counters
 * share it; only packages/core/src/dynamo/ knows the keys, and its schema.ts must match this.
 */
export function createTable(): sst.aws.Dynamo {
  return new sst.aws.Dynamo("Table", {
    fields: {
      pk: "string",
      sk: "string",
      gsi1pk: "string",
      gsi1sk: "string",
    },
    primaryIndex: { hashKey: "pk", rangeKey: "sk" },
    globalIndexes: {
      // Lists users for the ADMIN `users` query without a scan.
      gsi1: { hashKey: "gsi1pk", rangeKey: "gsi1sk", projection: "all" },
    },
    // Housekeeping only: DynamoDB deletes expired items up to days late, so the code compares
    // `expiresAt` itself and never relies on an item being gone.
    ttl: "ttl",
    // Point-in-time recovery needs no transform: sst.aws.Dynamo turns it on for every stage,
    // production included.
  });
}
