import { DescribeTableCommand } from "@aws-sdk/client-dynamodb";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import { HEALTH_KEY } from "./keys.js";
import { table } from "./table.js";

/** True when the table answers a read. Any failure is "not healthy", with no detail. */
export async function isTableReachable(
  db: DynamoDBDocumentClient,
  tableName: string,
): Promise<boolean> {
  try {
    await table(db, tableName).get(HEALTH_KEY);
    return true;
  } catch {
    return false;
  }
}

/** True when the table exists (used at local start-up to decide whether to create it). */
export async function tableExists(db: DynamoDBDocumentClient, tableName: string): Promise<boolean> {
  try {
    await db.send(new DescribeTableCommand({ TableName: tableName }));
    return true;
  } catch (error) {
    if (error instanceof Error && error.name === "ResourceNotFoundException") return false;
    throw error;
  }
}
