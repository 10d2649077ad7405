export { createDocumentClient, type DynamoOptions } from "./client.js";
export { isTableReachable, tableExists } from "./health.js";
export { REVOCATION_SETS } from "./revocation-entries.js";
export { createTableInput, TABLE_SCHEMA } from "./schema.js";
export { dynamoStores } from "./stores.js";
