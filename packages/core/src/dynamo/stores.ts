import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Stores } from "../ports.js";
import { dynamoDenylist } from "./denylist.js";
import { dynamoLoginAttempts } from "./login-attempts.js";
import { dynamoRevocationReader } from "./revocation-reader.js";
import { dynamoSessionStore } from "./session-store.js";
import { dynamoUserStore } from "./user-store.js";

/** Every store port on one DynamoDB table. */
export function dynamoStores(db: DynamoDBDocumentClient, tableName: string): Stores {
  return {
    users: dynamoUserStore(db, tableName),
    sessions: dynamoSessionStore(db, tableName),
    denylist: dynamoDenylist(db, tableName),
    revocations: dynamoRevocationReader(db, tableName),
    loginAttempts: dynamoLoginAttempts(db, tableName),
  };
}
