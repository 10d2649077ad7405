import { emailTaken } from "../errors.js";
import type { UserId } from "../ids.js";
import type { UserRecord } from "../ports.js";
import { emailKey, userKey } from "./keys.js";
import type { Table } from "./table.js";

/**
 * An email claim whose user never appeared is abandoned after this long (a sign-up that
 * died between its two writes), so the address can be used again.
 */
const ABANDONED_CLAIM_MS = 60_000;

/**
 * Claims the email for `user` in one conditional write (no transactions needed): of two
 * concurrent sign-ups exactly one claim succeeds. A claim abandoned by a failed sign-up is
 * taken over, conditioned on it still being the abandoned one.
 */
export async function claimEmail(t: Table, user: UserRecord): Promise<void> {
  const item = { ...emailKey(user.email), userId: user.id, claimedAt: user.createdAt };
  if (await t.putIf({ Item: item, ConditionExpression: "attribute_not_exists(pk)" })) return;

  const claim = await t.get(emailKey(user.email), true);
  const owner = claim?.userId as UserId | undefined;
  if (owner === undefined || (await t.get(userKey(owner), true)) !== undefined) throw emailTaken();
  if (user.createdAt - (claim?.claimedAt as number) < ABANDONED_CLAIM_MS) throw emailTaken();
  const taken = await t.putIf({
    Item: item,
    ConditionExpression: "userId = :owner",
    ExpressionAttributeValues: { ":owner": owner },
  });
  if (!taken) throw emailTaken();
}

/** Gives the email back after a failed sign-up, if the claim is still `user`'s. */
export function releaseEmail(t: Table, user: UserRecord): Promise<void> {
  return t.delete({
    Key: emailKey(user.email),
    ConditionExpression: "userId = :me",
    ExpressionAttributeValues: { ":me": user.id },
  });
}
