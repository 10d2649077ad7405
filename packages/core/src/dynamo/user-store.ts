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
import type { UserChanges, UserPage, UserRecord, UserStore } from "../ports.js";
import type { Role } from "../roles.js";
import { storeCall } from "./errors.js";
import { emailKey, USERS_INDEX_PARTITION, userKey, usersIndexSortKey } from "./keys.js";
import { TABLE_SCHEMA } from "./schema.js";

/**
 * An email claim whose user never appeared is abandoned after this long (a sign-up that
 * died between its two writes), so the address can be used again.
 */
const ABANDONED_CLAIM_MS = 60_000;

interface UserItem {
  id: string;
  email: string;
  passwordHash: string;
  roles: string[];
  createdAt: number;
  accessNotBefore: number;
  sessionsNotBefore: number;
}

function toRecord(item: Record<string, unknown>): UserRecord {
  const user = item as unknown as UserItem;
  return {
    id: user.id as UserId,
    email: user.email as Email,
    passwordHash: user.passwordHash,
    roles: user.roles as Role[],
    createdAt: user.createdAt,
    accessNotBefore: user.accessNotBefore,
    sessionsNotBefore: user.sessionsNotBefore,
  };
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

/** Users in DynamoDB: a profile item per user, and an email item that makes emails unique. */
export function dynamoUserStore(db: DynamoDBDocumentClient, tableName: string): UserStore {
  const get = async (id: UserId) => {
    const { Item } = await storeCall(() =>
      db.send(new GetCommand({ TableName: tableName, Key: userKey(id), ConsistentRead: true })),
    );
    return Item ? toRecord(Item) : null;
  };

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
    if (owner === undefined || (await get(owner)) !== null) throw emailTaken();
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
      try {
        await storeCall(() =>
          db.send(
            new PutCommand({
              TableName: tableName,
              Item: {
                ...userKey(user.id),
                [TABLE_SCHEMA.usersIndex.partitionKey]: USERS_INDEX_PARTITION,
                [TABLE_SCHEMA.usersIndex.sortKey]: usersIndexSortKey(user.createdAt, user.id),
                ...user,
                roles: [...user.roles],
              },
              ConditionExpression: "attribute_not_exists(pk)",
            }),
          ),
        );
      } catch (error) {
        // Give the email back so a failed sign-up can be retried at once.
        await db
          .send(
            new DeleteCommand({
              TableName: tableName,
              Key: emailKey(user.email),
              ConditionExpression: "userId = :me",
              ExpressionAttributeValues: { ":me": user.id },
            }),
          )
          .catch(() => undefined);
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
        const owner = id === null ? null : await get(id);
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
        user: toRecord(item),
      }));
      return {
        edges,
        hasNextPage: Items.length > first,
        endCursor: edges.at(-1)?.cursor ?? null,
      };
    },

    async update(id, changes: UserChanges) {
      let entries = Object.entries(changes).filter(([, value]) => value !== undefined);
      if (entries.length === 0) return get(id);
      // A failed write that guarded cutoffs is told apart by a strongly consistent read: the
      // cutoffs found higher are left out and the rest is written again. Cutoffs only rise, so
      // every retry guards fewer of them, and one guarding none fails only for a missing user.
      for (let attempt = 0; attempt <= CUTOFFS.length; attempt++) {
        const attributes = await storeCall(
          () => setFields(id, entries),
          () => undefined,
        );
        if (attributes !== undefined) return toRecord(attributes);
        if (!entries.some(([name]) => isCutoff(name))) return null;
        const current = await get(id);
        if (current === null) return null;
        entries = entries.filter(
          ([name, value]) => !isCutoff(name) || current[name] <= (value as number),
        );
        if (entries.length === 0) return current;
      }
      throw storeUnavailable();
    },
  };
}
