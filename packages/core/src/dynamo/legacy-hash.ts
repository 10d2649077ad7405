import type { UserId } from "../ids.js";
import { passwordKey, userKey } from "./keys.js";
import type { Table } from "./table.js";

/**
 * Tables written before the hash had an item of its own kept it on the profile. It moves on
 * the first read, so that the per-request read stops carrying it; best effort, as the next
 * read tries again.
 */
export async function moveLegacyHash(t: Table, id: UserId, passwordHash: string): Promise<void> {
  try {
    // A failed condition: already moved (by a concurrent read, or one whose removal failed).
    await t.putIf({
      Item: { ...passwordKey(id), passwordHash },
      ConditionExpression: "attribute_not_exists(pk)",
    });
    await t.update({
      Key: userKey(id),
      UpdateExpression: "REMOVE passwordHash",
      ConditionExpression: "passwordHash = :hash",
      ExpressionAttributeValues: { ":hash": passwordHash },
    });
  } catch {
    // The table is unavailable, or a concurrent read removed it first: later, or never.
  }
}
