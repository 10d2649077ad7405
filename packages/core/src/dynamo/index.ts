export { createDocumentClient, type DynamoOptions } from "./client.js";
export { isTableReachable, tableExists } from "./health.js";
export { MAX_LIVE_ENTRIES } from "./revocation-entries.js";
export { createTableInput, TABLE_SCHEMA } from "./schema.js";
export { dynamoStores } from "./stores.js";
