import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { invalidArgument } from "../auth/errors.js";
import { ERROR_CODES, GatehouseError, storeUnavailable } from "../errors.js";
import { type Email, parseUserId, type UserId } from "../ids.js";
import type { UserChanges, UserPage, UserProfile, UserRecord, UserStore } from "../ports.js";
import type { Role } from "../roles.js";
import { isConditionFailure, storeCall } from "./errors.js";
import {
  emailKey,
  passwordKey,
  USERS_INDEX_PARTITION,
  userKey,
  usersIndexSortKey,
} from "./keys.js";
import { TABLE_SCHEMA } from "./schema.js";

/**
 * An email claim whose user never appeared is abandoned after this long (a sign-up that
 * died between its two writes), so the address can be used again.
 */
const ABANDONED_CLAIM_MS = 60_000;

/** The profile fields of a profile item (it holds revocation sets and index keys besides). */
export function toProfile(item: Record<string, unknown>): UserProfile {
  return {
    id: item.id as UserId,
    email: item.email as Email,
    roles: item.roles as Role[],
    createdAt: item.createdAt as number,
    accessNotBefore: item.accessNotBefore as number,
    sessionsNotBefore: item.sessionsNotBefore as number,
  };
}

function toRecord(profile: Record<string, unknown>, password: Record<string, unknown> | undefined) {
  // Written before the profile and never removed, the password item is there for every user;
  // were it missing, an empty hash verifies no password.
  const passwordHash = typeof password?.passwordHash === "string" ? password.passwordHash : "";
  return { ...toProfile(profile), passwordHash } satisfies UserRecord;
}

/**
 * Revocation cutoffs, which never go down: two instances whose clocks differ by a few
 * milliseconds must not let the later call lower a cutoff and revive tokens the earlier call ended.
 */
const CUTOFFS = ["accessNotBefore", "sessionsNotBefore"] as const;

function isCutoff(name: string): name is (typeof CUTOFFS)[number] {
  return (CUTOFFS as readonly string[]).includes(name);
}

function emailTaken(): GatehouseError {
  return new GatehouseError(ERROR_CODES.EMAIL_TAKEN, "An account with this email already exists.");
}

/**
 * Users in DynamoDB: a profile item and a password item per user, and an email item that makes
 * emails unique. The profile is what every authenticated request reads; the password hash is
 * kept apart so that it is read only where a password is checked or changed.
 */
export function dynamoUserStore(db: DynamoDBDocumentClient, tableName: string): UserStore {
  const read = async (key: Record<string, string>) => {
    const { Item } = await storeCall(() =>
      db.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true })),
    );
    return Item;
  };
  const get = async (id: UserId) => {
    const [profile, password] = await Promise.all([read(userKey(id)), read(passwordKey(id))]);
    if (profile === undefined) return null;
    if (typeof profile.passwordHash === "string") {
      await moveLegacyHash(id, profile.passwordHash);
      return toRecord(profile, password ?? { passwordHash: profile.passwordHash });
    }
    return toRecord(profile, password);
  };

  // Tables written before the hash had an item of its own kept it on the profile. It moves on
  // the first read, so that the per-request read stops carrying it; best effort, as the next
  // read tries again.
  async function moveLegacyHash(id: UserId, passwordHash: string): Promise<void> {
    try {
      await db
        .send(
          new PutCommand({
            TableName: tableName,
            Item: { ...passwordKey(id), passwordHash },
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        )
        .catch((error: unknown) => {
          // Already moved (by a concurrent read, or one whose removal below failed).
          if (!isConditionFailure(error)) throw error;
        });
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: userKey(id),
          UpdateExpression: "REMOVE passwordHash",
          ConditionExpression: "passwordHash = :hash",
          ExpressionAttributeValues: { ":hash": passwordHash },
        }),
      );
    } catch {
      // The table is unavailable, or a concurrent read removed it first: later, or never.
    }
  }

  // Claims the email for `user` in one conditional write (no transactions needed): of two
  // concurrent sign-ups exactly one claim succeeds. A claim abandoned by a failed sign-up is
  // taken over, conditioned on it still being the abandoned one.
  async function claimEmail(user: UserRecord): Promise<void> {
    const item = { ...emailKey(user.email), userId: user.id, claimedAt: user.createdAt };
    const claimed = await storeCall(
      () =>
        db.send(
          new PutCommand({
            TableName: tableName,
            Item: item,
            ConditionExpression: "attribute_not_exists(pk)",
          }),
        ),
      () => null,
    );
    if (claimed !== null) return;

    const { Item: claim } = await storeCall(() =>
      db.send(
        new GetCommand({ TableName: tableName, Key: emailKey(user.email), ConsistentRead: true }),
      ),
    );
    const owner = claim?.userId as UserId | undefined;
    if (owner === undefined || (await read(userKey(owner))) !== undefined) throw emailTaken();
    if (user.createdAt - (claim?.claimedAt as number) < ABANDONED_CLAIM_MS) throw emailTaken();
    await storeCall(
      () =>
        db.send(
          new PutCommand({
            TableName: tableName,
            Item: item,
            ConditionExpression: "userId = :owner",
            ExpressionAttributeValues: { ":owner": owner },
          }),
        ),
      () => {
        throw emailTaken();
      },
    );
  }

  // One conditional write: the user must exist and no cutoff in `entries` may be lowered.
  async function setFields(id: UserId, entries: [string, unknown][]) {
    const cutoffs = entries.flatMap(([name], i) =>
      isCutoff(name) ? [`(attribute_not_exists(#f${i}) OR #f${i} <= :v${i})`] : [],
    );
    const { Attributes } = await db.send(
      new UpdateCommand({
        TableName: tableName,
        Key: userKey(id),
        UpdateExpression: `SET ${entries.map((_, i) => `#f${i} = :v${i}`).join(", ")}`,
        ExpressionAttributeNames: Object.fromEntries(entries.map(([name], i) => [`#f${i}`, name])),
        ExpressionAttributeValues: Object.fromEntries(
          entries.map(([, value], i) => [`:v${i}`, Array.isArray(value) ? [...value] : value]),
        ),
        ConditionExpression: ["attribute_exists(pk)", ...cutoffs].join(" AND "),
        ReturnValues: "ALL_NEW",
      }),
    );
    return Attributes;
  }

  return {
    async create(user) {
      await claimEmail(user);
      const { passwordHash, ...profile } = user;
      const put = (item: Record<string, unknown>) =>
        storeCall(() =>
          db.send(
            new PutCommand({
              TableName: tableName,
              Item: item,
              ConditionExpression: "attribute_not_exists(pk)",
            }),
          ),
        );
      try {
        // The password first: the profile's appearance is what makes the user exist.
        await put({ ...passwordKey(user.id), passwordHash });
        await put({
          ...userKey(user.id),
          [TABLE_SCHEMA.usersIndex.partitionKey]: USERS_INDEX_PARTITION,
          [TABLE_SCHEMA.usersIndex.sortKey]: usersIndexSortKey(user.createdAt, user.id),
          ...profile,
          roles: [...user.roles],
        });
      } catch (error) {
        // Give the email back so a failed sign-up can be retried at once, and leave no hash
        // behind for a user that never was.
        await Promise.all([
          db.send(
            new DeleteCommand({
              TableName: tableName,
              Key: emailKey(user.email),
              ConditionExpression: "userId = :me",
              ExpressionAttributeValues: { ":me": user.id },
            }),
          ),
          db.send(new DeleteCommand({ TableName: tableName, Key: passwordKey(user.id) })),
        ]).catch(() => undefined);
        throw error;
      }
    },

    get,

    async getByEmail(email) {
      const { Item } = await storeCall(() =>
        db.send(
          new GetCommand({ TableName: tableName, Key: emailKey(email), ConsistentRead: true }),
        ),
      );
      return typeof Item?.userId === "string" ? get(Item.userId as UserId) : null;
    },

    async list({ first, after }): Promise<UserPage> {
      const index = TABLE_SCHEMA.usersIndex;
      let start: Record<string, string> | undefined;
      if (after !== null) {
        const sortKey = Buffer.from(after, "base64url").toString("utf8");
        const id = parseUserId(sortKey.split("#")[1] ?? "");
        // Only a cursor this list handed out is accepted: it names a user, at that user's
        // place in the index. Anything else would silently start the page somewhere.
        const item = id === null ? undefined : await read(userKey(id));
        const owner = item === undefined ? null : toProfile(item);
        if (owner === null || usersIndexSortKey(owner.createdAt, owner.id) !== sortKey) {
          throw invalidArgument('"after" is not a cursor from this list.');
        }
        start = {
          ...userKey(owner.id),
          [index.partitionKey]: USERS_INDEX_PARTITION,
          [index.sortKey]: sortKey,
        };
      }
      const { Items = [] } = await storeCall(() =>
        db.send(
          new QueryCommand({
            TableName: tableName,
            IndexName: index.name,
            KeyConditionExpression: "#pk = :users",
            ExpressionAttributeNames: { "#pk": index.partitionKey },
            ExpressionAttributeValues: { ":users": USERS_INDEX_PARTITION },
            ...(start === undefined ? {} : { ExclusiveStartKey: start }),
            // One more than asked tells whether there is a next page.
            Limit: first + 1,
          }),
        ),
      );
      const edges = Items.slice(0, first).map((item) => ({
        cursor: Buffer.from(String(item[index.sortKey]), "utf8").toString("base64url"),
        user: toProfile(item),
      }));
      return {
        edges,
        hasNextPage: Items.length > first,
        endCursor: edges.at(-1)?.cursor ?? null,
      };
    },

    async update(id, changes: UserChanges) {
      const { passwordHash, ...profileChanges } = changes;
      if (passwordHash !== undefined && !(await setPasswordHash(id, passwordHash))) return null;
      const profile = await updateProfile(id, profileChanges);
      if (profile === undefined) return get(id);
      if (profile === null) return null;
      return passwordHash === undefined
        ? toRecord(profile, await read(passwordKey(id)))
        : { ...toProfile(profile), passwordHash };
    },
  };

  /** Replaces the hash of an existing user; false when there is none. */
  function setPasswordHash(id: UserId, passwordHash: string): Promise<boolean> {
    return storeCall(
      async () => {
        await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: passwordKey(id),
            UpdateExpression: "SET passwordHash = :hash",
            ConditionExpression: "attribute_exists(pk)",
            ExpressionAttributeValues: { ":hash": passwordHash },
          }),
        );
        return true;
      },
      () => false,
    );
  }

  /**
   * Writes profile changes: the profile item as written, null when there is no such user,
   * undefined when there was nothing to write.
   */
  async function updateProfile(
    id: UserId,
    changes: Omit<UserChanges, "passwordHash">,
  ): Promise<Record<string, unknown> | null | undefined> {
    let entries = Object.entries(changes).filter(([, value]) => value !== undefined);
    if (entries.length === 0) return undefined;
    // A failed write that guarded cutoffs is told apart by a strongly consistent read: the
    // cutoffs found higher are left out and the rest is written again. Cutoffs only rise, so
    // every retry guards fewer of them, and one guarding none fails only for a missing user.
    for (let attempt = 0; attempt <= CUTOFFS.length; attempt++) {
      const attributes = await storeCall(
        () => setFields(id, entries),
        () => undefined,
      );
      if (attributes !== undefined) return attributes;
      if (!entries.some(([name]) => isCutoff(name))) return null;
      const current = await read(userKey(id));
      if (current === undefined) return null;
      const profile = toProfile(current);
      entries = entries.filter(
        ([name, value]) => !isCutoff(name) || profile[name] <= (value as number),
      );
      if (entries.length === 0) return current;
    }
    throw storeUnavailable();
  }
}
