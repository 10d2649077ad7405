import type { UserId } from "../ids.js";
import type { CredentialChange } from "../ports.js";
import { passwordKey, userKey } from "./keys.js";
import type { Table } from "./table.js";
import { generation } from "./user-items.js";

/**
 * A staged password of the generation being committed may be replaced by another attempt at
 * that generation only from the same session (its retry) or once it is this old: by then the
 * attempt that staged it has failed or given up.
 */
const ABANDONED_STAGE_MS = 60_000;

/**
 * Raises the user's credential generation from `change.from`, with the new password when there
 * is one: staged on the password item first, then committed by one conditional write of the
 * profile. False when the generation moved on, or another attempt holds the stage.
 */
export async function commitCredentialChange(
  t: Table,
  id: UserId,
  change: CredentialChange,
): Promise<boolean> {
  const next = change.from + 1;
  if (change.passwordHash !== undefined && !(await stagePassword(t, id, change, next))) {
    return false;
  }
  // The commit: one conditional write of the profile, which every request reads. From
  // here on the sessions of earlier generations are over and the staged hash is in force.
  const committed = (await t.updateIf(commitInput(id, change, next))) !== null;
  if (committed && change.passwordHash !== undefined) await settlePassword(t, id, next);
  return committed;
}

function commitInput(id: UserId, change: CredentialChange, next: number) {
  const set = ["credentialVersion = :next"];
  if (change.passwordHash !== undefined) set.push("passwordVersion = :next");
  if (change.keepSession !== null) set.push("keptSession = :kept");
  if (change.secondFactors !== undefined) set.push("secondFactors = :factors");
  return {
    Key: userKey(id),
    UpdateExpression: `SET ${set.join(", ")}${change.keepSession === null ? " REMOVE keptSession" : ""}`,
    ConditionExpression:
      change.from === 0
        ? "attribute_exists(pk) AND (attribute_not_exists(credentialVersion) OR credentialVersion = :from)"
        : "credentialVersion = :from",
    ExpressionAttributeValues: {
      ":next": next,
      ":from": change.from,
      ...(change.keepSession === null ? {} : { ":kept": change.keepSession }),
      ...(change.secondFactors === undefined ? {} : { ":factors": { ...change.secondFactors } }),
    },
  };
}

/**
 * Stages the new hash on the password item, where it waits for the commit. A staged hash the
 * profile already names (a change whose last write failed) is settled in the same write. False
 * when the generation moved on, or another attempt at the same generation holds the stage.
 */
async function stagePassword(t: Table, id: UserId, change: CredentialChange, next: number) {
  const [profile, password] = await Promise.all([
    t.get(userKey(id), true),
    t.get(passwordKey(id), true),
  ]);
  if (profile === undefined || password === undefined) return false;
  if (generation(profile.credentialVersion) !== change.from) return false;
  const staged = typeof password.pendingVersion === "number" ? password.pendingVersion : null;
  const settled = staged !== null && staged === generation(profile.passwordVersion);
  if (staged === next) {
    const sameSession = password.pendingBy === (change.keepSession ?? undefined);
    const abandoned = (password.pendingAt as number) <= change.now - ABANDONED_STAGE_MS;
    if (!sameSession && !abandoned) return false;
  }
  const values: Record<string, unknown> = {
    ":hash": change.passwordHash,
    ":next": next,
    ":by": change.keepSession ?? "",
    ":at": change.now,
  };
  const set = [
    "pendingHash = :hash",
    "pendingVersion = :next",
    "pendingBy = :by",
    "pendingAt = :at",
  ];
  if (settled) {
    set.push("passwordHash = :settledHash", "passwordVersion = :settled");
    values[":settledHash"] = password.pendingHash;
    values[":settled"] = staged;
  }
  // Only over what was read: of two attempts that read the same stage, one writes.
  let condition = "attribute_exists(pk) AND attribute_not_exists(pendingHash)";
  if (typeof password.pendingHash === "string") {
    condition = "pendingHash = :read";
    values[":read"] = password.pendingHash;
  }
  const written = await t.updateIf({
    Key: passwordKey(id),
    UpdateExpression: `SET ${set.join(", ")}`,
    ConditionExpression: condition,
    ExpressionAttributeValues: values,
  });
  return written !== null;
}

/** Makes a committed staged hash the item's own; best effort, as reads use it staged too. */
async function settlePassword(t: Table, id: UserId, committed: number): Promise<void> {
  try {
    await t.update({
      Key: passwordKey(id),
      UpdateExpression:
        "SET passwordHash = pendingHash, passwordVersion = pendingVersion REMOVE pendingHash, pendingVersion, pendingBy, pendingAt",
      ConditionExpression: "pendingVersion = :committed",
      ExpressionAttributeValues: { ":committed": committed },
    });
  } catch {
    // Left staged: still the password in force, settled by the next change.
  }
}
