import { invalidCursor, storeUnavailable } from "../errors.js";
import type { UserId } from "../ids.js";
import type { UserChanges, UserPage, UserStore } from "../ports.js";
import { commitCredentialChange } from "./credential-change.js";
import { changeEmail } from "./email-change.js";
import { claimEmail, releaseEmail } from "./email-claim.js";
import {
  emailKey,
  passwordKey,
  userKey,
  userOfSortKey,
  usersIndexKey,
  usersIndexQuery,
  usersIndexSortKey,
} from "./keys.js";
import { moveLegacyHash } from "./legacy-hash.js";
import { TABLE_SCHEMA } from "./schema.js";
import type { Item, Table } from "./table.js";
import { toProfile, toRecord } from "./user-items.js";

/**
 * Revocation cutoffs, which never go down: two instances whose clocks differ by a few
 * milliseconds must not let the later call lower a cutoff and revive tokens the earlier call ended.
 */
const CUTOFFS = ["accessNotBefore", "sessionsNotBefore"] as const;

function isCutoff(name: string): name is (typeof CUTOFFS)[number] {
  return (CUTOFFS as readonly string[]).includes(name);
}

/**
 * Users in DynamoDB: a profile item and a password item per user, and an email item that makes
 * emails unique. The profile is what every authenticated request reads; the password hash is
 * kept apart so that it is read only where a password is checked or changed.
 */
export function dynamoUserStore(t: Table): UserStore {
  const get = async (id: UserId) => {
    const [profile, password] = await Promise.all([
      t.get(userKey(id), true),
      t.get(passwordKey(id), true),
    ]);
    if (profile === undefined) return null;
    if (typeof profile.passwordHash === "string") {
      await moveLegacyHash(t, id, profile.passwordHash);
      return toRecord(profile, password ?? { passwordHash: profile.passwordHash });
    }
    return toRecord(profile, password);
  };

  return {
    async create(user) {
      await claimEmail(t, user);
      const { passwordHash, keptSession, secondFactors, ...profile } = user;
      const factors = secondFactors.totp || secondFactors.passkeys > 0;
      const condition = "attribute_not_exists(pk)";
      try {
        // The password first: the profile's appearance is what makes the user exist.
        await t.put({
          Item: { ...passwordKey(user.id), passwordHash, passwordVersion: user.credentialVersion },
          ConditionExpression: condition,
        });
        await t.put({
          Item: {
            ...userKey(user.id),
            ...usersIndexKey(user.createdAt, user.id),
            ...profile,
            ...(keptSession === null ? {} : { keptSession }),
            ...(factors ? { secondFactors } : {}),
            passwordVersion: user.credentialVersion,
            roles: [...user.roles],
          },
          ConditionExpression: condition,
        });
      } catch (error) {
        // Give the email back so a failed sign-up can be retried at once, and leave no hash
        // behind for a user that never was.
        await Promise.all([releaseEmail(t, user), t.delete({ Key: passwordKey(user.id) })]).catch(
          () => undefined,
        );
        throw error;
      }
    },

    get,

    async getByEmail(email) {
      const item = await t.get(emailKey(email), true);
      const user = typeof item?.userId === "string" ? await get(item.userId as UserId) : null;
      // The profile decides: an email item its user has moved away from (or not yet reached,
      // mid-change) finds nobody. See email-change.ts.
      return user?.email === email ? user : null;
    },

    async list({ first, after }): Promise<UserPage> {
      let start: Item | undefined;
      if (after !== null) {
        const sortKey = Buffer.from(after, "base64url").toString("utf8");
        const id = userOfSortKey(sortKey);
        // Only a cursor this list handed out is accepted: it names a user, at that user's
        // place in the index. Anything else would silently start the page somewhere.
        const item = id === null ? undefined : await t.get(userKey(id), true);
        const owner = item === undefined ? null : toProfile(item);
        if (owner === null || usersIndexSortKey(owner.createdAt, owner.id) !== sortKey) {
          throw invalidCursor();
        }
        start = { ...userKey(owner.id), ...usersIndexKey(owner.createdAt, owner.id) };
      }
      // One more than asked tells whether there is a next page.
      const { Items = [] } = await t.query({ ...usersIndexQuery(start), Limit: first + 1 });
      const edges = Items.slice(0, first).map((item) => ({
        cursor: Buffer.from(String(item[TABLE_SCHEMA.usersIndex.sortKey]), "utf8").toString(
          "base64url",
        ),
        user: toProfile(item),
      }));
      return {
        edges,
        hasNextPage: Items.length > first,
        endCursor: edges.at(-1)?.cursor ?? null,
      };
    },

    async update(id, changes: UserChanges) {
      const profile = await updateProfile(t, id, changes);
      if (profile === undefined) return get(id);
      if (profile === null) return null;
      return toRecord(profile, await t.get(passwordKey(id), true));
    },

    commitCredentialChange: (id, change) => commitCredentialChange(t, id, change),

    changeEmail: (id, change) => changeEmail(t, id, change),
    async markEmailVerified(id, email) {
      const written = await t.updateIf({
        Key: userKey(id),
        UpdateExpression: "SET emailVerified = :yes",
        ConditionExpression: "#email = :email",
        ExpressionAttributeNames: { "#email": "email" },
        ExpressionAttributeValues: { ":yes": true, ":email": email },
      });
      return written !== null;
    },
  };
}

/**
 * Writes profile changes: the profile item as written, null when there is no such user,
 * undefined when there was nothing to write.
 */
async function updateProfile(
  t: Table,
  id: UserId,
  changes: UserChanges,
): Promise<Item | null | undefined> {
  let entries = Object.entries(changes).filter(([, value]) => value !== undefined);
  if (entries.length === 0) return undefined;
  // A failed write that guarded cutoffs is told apart by a strongly consistent read: the
  // cutoffs found higher are left out and the rest is written again. Cutoffs only rise, so
  // every retry guards fewer of them, and one guarding none fails only for a missing user.
  for (let attempt = 0; attempt <= CUTOFFS.length; attempt++) {
    const attributes = await t.updateIf(setFields(id, entries));
    if (attributes !== null) return attributes;
    if (!entries.some(([name]) => isCutoff(name))) return null;
    const current = await t.get(userKey(id), true);
    if (current === undefined) return null;
    const profile = toProfile(current);
    entries = entries.filter(
      ([name, value]) => !isCutoff(name) || profile[name] <= (value as number),
    );
    if (entries.length === 0) return current;
  }
  throw storeUnavailable();
}

/** One conditional write: the user must exist and no cutoff in `entries` may be lowered. */
function setFields(id: UserId, entries: [string, unknown][]) {
  const cutoffs = entries.flatMap(([name], i) =>
    isCutoff(name) ? [`(attribute_not_exists(#f${i}) OR #f${i} <= :v${i})`] : [],
  );
  return {
    Key: userKey(id),
    UpdateExpression: `SET ${entries.map((_, i) => `#f${i} = :v${i}`).join(", ")}`,
    ExpressionAttributeNames: Object.fromEntries(entries.map(([name], i) => [`#f${i}`, name])),
    ExpressionAttributeValues: Object.fromEntries(
      entries.map(([, value], i) => [`:v${i}`, Array.isArray(value) ? [...value] : value]),
    ),
    ConditionExpression: ["attribute_exists(pk)", ...cutoffs].join(" AND "),
    ReturnValues: "ALL_NEW" as const,
  };
}
