import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { Stores } from "../ports.js";
import { dynamoAdminRegistry } from "./admin-registry.js";
import { dynamoDenylist } from "./denylist.js";
import { dynamoLinkTokens } from "./link-tokens.js";
import { dynamoLoginAttempts } from "./login-attempts.js";
import { dynamoPasskeyChallenges } from "./passkey-challenges.js";
import { dynamoPasskeyStore } from "./passkey-store.js";
import { type RevocationLimits, revocationLimits } from "./revocation-entries.js";
import { dynamoRevocationReader } from "./revocation-reader.js";
import { dynamoSecondFactorStore } from "./second-factor-store.js";
import { dynamoSessionStore } from "./session-store.js";
import { table } from "./table.js";
import { dynamoUserStore } from "./user-store.js";

/** Options of the DynamoDB stores; every one has a default fit for a deployment. */
export interface DynamoStoreOptions {
  /** Live revocation entries a user's profile item holds before a cutoff takes over. */
  readonly revocationLimits?: Partial<RevocationLimits>;
}

/** Every store port on one DynamoDB table. */
export function dynamoStores(
  db: DynamoDBDocumentClient,
  tableName: string,
  options: DynamoStoreOptions = {},
): Stores {
  const limits = revocationLimits(options.revocationLimits);
  const t = table(db, tableName);
  return {
    users: dynamoUserStore(t),
    sessions: dynamoSessionStore(t, limits.session),
    denylist: dynamoDenylist(t, limits.token),
    revocations: dynamoRevocationReader(t),
    loginAttempts: dynamoLoginAttempts(t),
    admins: dynamoAdminRegistry(t),
    linkTokens: dynamoLinkTokens(t),
    factors: dynamoSecondFactorStore(t),
    passkeys: dynamoPasskeyStore(t),
    passkeyChallenges: dynamoPasskeyChallenges(t),
  };
}
