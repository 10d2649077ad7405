import { randomUUID } from "node:crypto";
import { emailTaken } from "../errors.js";
import type { UserId } from "../ids.js";
import type { EmailChange } from "../ports.js";
import { claimAddress } from "./email-claim.js";
import { emailKey, userKey } from "./keys.js";
import type { Table } from "./table.js";
import { generation } from "./user-items.js";

/**
 * Moves a user to a new address in four single-item conditional writes (no transactions):
 *
 * 1. mark the profile with the address and a fresh attempt id (only at generation `from`);
 * 2. claim the address's email item for this attempt (see `claimAddress`);
 * 3. commit: one write of the profile sets the email, `emailVerified` and the next credential
 *    generation, only while the profile still carries this attempt's mark;
 * 4. release the old address's email item.
 *
 * Login finds a user through the email item only when the profile names that same address
 * (`getByEmail`), so before step 3 the old address finds the user, after it the new one:
 * never both, never none. A profile takes an address only in step 3, while its claim is this
 * attempt's: a claim is taken from an owner on its way only after the owner's mark is removed
 * (which fails that commit), so no two profiles ever name one address.
 *
 * A crash leaves, after 1, a mark that nothing reads; after 2, a claim that refuses the
 * address to others until the user's next attempt renews and commits it, or until it is
 * abandoned (then it is fenced and taken over); after 3, the old email item, which finds
 * nobody (its profile names another address) and is taken over by the next claim of it.
 */
export async function changeEmail(t: Table, id: UserId, change: EmailChange): Promise<boolean> {
  const attempt = randomUUID();
  const marked = await t.updateIf({
    Key: userKey(id),
    UpdateExpression:
      "SET pendingEmail = :email, pendingEmailAttempt = :attempt, pendingEmailAt = :now",
    ConditionExpression: atGeneration(change.from),
    ExpressionAttributeValues: {
      ":email": change.email,
      ":attempt": attempt,
      ":now": change.now,
      ":from": change.from,
    },
    ReturnValues: "ALL_OLD",
  });
  if (marked === null) return false;
  try {
    await claimAddress(t, { email: change.email, userId: id, attempt, now: change.now });
  } catch (error) {
    await unmark(t, id, attempt);
    throw error;
  }
  if (!(await commit(t, id, change, attempt))) {
    // Undone: the claim goes back (if still this attempt's) and the caller learns why.
    await release(t, change.email, id, attempt);
    const profile = await t.get(userKey(id), true);
    const sameGeneration =
      profile !== undefined && generation(profile.credentialVersion) === change.from;
    if (sameGeneration) throw emailTaken();
    return false;
  }
  if (marked.email !== change.email) await release(t, marked.email as string, id);
  return true;
}

function atGeneration(from: number): string {
  return from === 0
    ? "attribute_exists(pk) AND (attribute_not_exists(credentialVersion) OR credentialVersion = :from)"
    : "credentialVersion = :from";
}

/** Step 3: the one write that makes the change, as `commitCredentialChange` does for a password. */
async function commit(t: Table, id: UserId, change: EmailChange, attempt: string) {
  const set = [
    "email = :email",
    "emailVerified = :true",
    "credentialVersion = :next",
    ...(change.keepSession === null ? [] : ["keptSession = :kept"]),
  ];
  const remove = [
    "pendingEmail",
    "pendingEmailAttempt",
    "pendingEmailAt",
    ...(change.keepSession === null ? ["keptSession"] : []),
  ];
  const committed = await t.updateIf({
    Key: userKey(id),
    UpdateExpression: `SET ${set.join(", ")} REMOVE ${remove.join(", ")}`,
    ConditionExpression: `${atGeneration(change.from)} AND pendingEmailAttempt = :attempt`,
    ExpressionAttributeValues: {
      ":email": change.email,
      ":true": true,
      ":next": change.from + 1,
      ":from": change.from,
      ":attempt": attempt,
      ...(change.keepSession === null ? {} : { ":kept": change.keepSession }),
    },
  });
  return committed !== null;
}

/** Removes this attempt's mark after a failed claim; best effort (a mark alone is inert). */
async function unmark(t: Table, id: UserId, attempt: string): Promise<void> {
  await t
    .updateIf({
      Key: userKey(id),
      UpdateExpression: "REMOVE pendingEmail, pendingEmailAttempt, pendingEmailAt",
      ConditionExpression: "pendingEmailAttempt = :attempt",
      ExpressionAttributeValues: { ":attempt": attempt },
    })
    .catch(() => undefined);
}

/**
 * Deletes an email item while it is still `id`'s (and the attempt's, when named); best effort:
 * one left behind finds nobody and is taken over by the next claim of its address.
 */
async function release(t: Table, email: string, id: UserId, attempt?: string): Promise<void> {
  const values: Record<string, unknown> = { ":me": id };
  let condition = "userId = :me";
  if (attempt !== undefined) {
    condition += " AND attempt = :attempt";
    values[":attempt"] = attempt;
  }
  await t
    .delete({
      Key: emailKey(email as EmailChange["email"]),
      ConditionExpression: condition,
      ExpressionAttributeValues: values,
    })
    .catch(() => undefined);
}
