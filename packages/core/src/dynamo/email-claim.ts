import { randomUUID } from "node:crypto";
import { emailTaken } from "../errors.js";
import type { Email, UserId } from "../ids.js";
import { emailKey, userKey } from "./keys.js";
import type { Item, Table } from "./table.js";

/**
 * A claim whose owner is still on its way to the address (a sign-up between its writes, an
 * email change between its claim and its commit) is abandoned after this long, so the address
 * can be used again. Taking one over never relies on the time alone: see `fenceChange`.
 */
const ABANDONED_CLAIM_MS = 60_000;
/** Rounds of "someone else wrote the claim meanwhile": each one means another caller progressed. */
const CLAIM_ROUNDS = 4;

/** A claim for one attempt at an address: `attempt` tells this attempt's writes from others'. */
export interface ClaimRequest {
  readonly email: Email;
  readonly userId: UserId;
  /** Unique per attempt; an email change also marks its profile with it (`pendingEmailAttempt`). */
  readonly attempt: string;
  readonly now: number;
}

/**
 * Where the owner of a claim stands. The email item alone decides nothing: the profile that
 * names the address (or is on its way to it) does.
 * - held: the owner's profile has this email.
 * - pending: the owner is on its way (no profile yet, or a change marked with this claim's attempt).
 * - stale: left by a change that moved on, lost or crashed after its commit; nobody's.
 */
async function ownerState(t: Table, email: Email, claim: Item) {
  const profile = await t.get(userKey(claim.userId as UserId), true);
  if (profile === undefined) return "pending";
  if (profile.email === email) return "held";
  const marked = profile.pendingEmail === email && profile.pendingEmailAttempt === claim.attempt;
  return marked && claim.attempt !== undefined ? "pending" : "stale";
}

/** The condition that the claim is still the one read: same owner, same attempt. */
function stillAsRead(claim: Item) {
  const values: Record<string, unknown> = { ":owner": claim.userId };
  let condition = "userId = :owner AND attribute_not_exists(attempt)";
  if (typeof claim.attempt === "string") {
    condition = "userId = :owner AND attempt = :attempt";
    values[":attempt"] = claim.attempt;
  }
  return { ConditionExpression: condition, ExpressionAttributeValues: values };
}

/**
 * Stops an abandoned email change of the claim's owner from committing, by removing the mark
 * its commit is conditioned on; false when the owner moved on meanwhile (then nothing is taken).
 */
async function fenceChange(t: Table, claim: Item): Promise<boolean> {
  const fenced = await t.updateIf({
    Key: userKey(claim.userId as UserId),
    UpdateExpression: "REMOVE pendingEmail, pendingEmailAttempt, pendingEmailAt",
    ConditionExpression: "pendingEmailAttempt = :attempt",
    ExpressionAttributeValues: { ":attempt": claim.attempt },
  });
  return fenced !== null;
}

/**
 * Claims `request.email` for `request.userId` with single-item conditional writes (no
 * transactions): of concurrent claims of a free address exactly one succeeds, the others fail
 * with `EMAIL_TAKEN`. A claim of the same user is renewed for this attempt; a stale one, or
 * one abandoned past `ABANDONED_CLAIM_MS`, is taken over, each write conditioned on the claim
 * being the one read, so a claim that moved meanwhile is never overwritten.
 */
export async function claimAddress(t: Table, request: ClaimRequest): Promise<void> {
  const { email, userId, attempt, now } = request;
  const item = { ...emailKey(email), userId, attempt, claimedAt: now };
  for (let round = 0; round < CLAIM_ROUNDS; round++) {
    if (await t.putIf({ Item: item, ConditionExpression: "attribute_not_exists(pk)" })) return;
    // Read the claim before its owner's profile: an owner that renews its claim after this
    // read changes `attempt`, and the conditioned write below fails.
    const claim = await t.get(emailKey(email), true);
    if (claim === undefined) continue;
    if (claim.userId !== userId) {
      const state = await ownerState(t, email, claim);
      if (state === "held") throw emailTaken();
      if (state === "pending") {
        if (now - Number(claim.claimedAt ?? 0) < ABANDONED_CLAIM_MS) throw emailTaken();
        const profileLess = (await t.get(userKey(claim.userId as UserId), true)) === undefined;
        if (!profileLess && !(await fenceChange(t, claim))) continue;
      }
    }
    if (await t.putIf({ Item: item, ...stillAsRead(claim) })) return;
  }
  throw emailTaken();
}

/** Claims the email of a new user (sign-up); see `claimAddress`. */
export function claimEmail(t: Table, user: { id: UserId; email: Email; createdAt: number }) {
  return claimAddress(t, {
    email: user.email,
    userId: user.id,
    attempt: randomUUID(),
    now: user.createdAt,
  });
}

/** Gives the email back after a failed sign-up, if the claim is still `user`'s. */
export function releaseEmail(t: Table, user: { id: UserId; email: Email }): Promise<void> {
  return t.delete({
    Key: emailKey(user.email),
    ConditionExpression: "userId = :me",
    ExpressionAttributeValues: { ":me": user.id },
  });
}
