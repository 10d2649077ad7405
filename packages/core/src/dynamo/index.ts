export { createDocumentClient, type DynamoOptions } from "./client.js";
export { isTableReachable, tableExists } from "./health.js";
export { REVOCATION_SETS, type RevocationLimits } from "./revocation-entries.js";
export { createTableInput, TABLE_SCHEMA } from "./schema.js";
export { type DynamoStoreOptions, dynamoStores } from "./stores.js";
