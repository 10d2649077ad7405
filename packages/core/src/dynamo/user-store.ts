import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { ERROR_CODES, GatehouseError, invalidArgument, storeUnavailable } from "../errors.js";
import { type Email, parseUserId, type SessionId, type UserId } from "../ids.js";
import type {
  CredentialChange,
  UserChanges,
  UserPage,
  UserProfile,
  UserRecord,
  UserStore,
} from "../ports.js";
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
    // Profiles written before credential generations existed are at the first one.
    credentialVersion: generation(item.credentialVersion),
    keptSession: typeof item.keptSession === "string" ? (item.keptSession as SessionId) : null,
  };
}

/** A stored generation number; absent (an item from an earlier version) is generation 0. */
function generation(value: unknown): number {
  return typeof value === "number" ? value : 0;
}

/**
 * The password in force, from the profile and the password item read together. The profile's
 * `passwordVersion` names the generation whose password is in force; the password item holds
 * that password, or stages the next one (`pendingHash`, see `commitCredentialChange`), which is
 * in force from the moment the profile names its generation. A read that caught a change
 * between its writes finds neither and gets "", which verifies no password.
 */
function passwordInForce(
  profile: Record<string, unknown>,
  password: Record<string, unknown> | undefined,
): string {
  if (password === undefined) return "";
  const wanted = generation(profile.passwordVersion);
  if (
    typeof password.pendingHash === "string" &&
    typeof password.pendingVersion === "number" &&
    password.pendingVersion === wanted
  ) {
    return password.pendingHash;
  }
  if (
    typeof password.passwordHash === "string" &&
    generation(password.passwordVersion) === wanted
  ) {
    return password.passwordHash;
  }
  return "";
}

function toRecord(profile: Record<string, unknown>, password: Record<string, unknown> | undefined) {
  // Written before the profile and never removed, the password item is there for every user;
  // were it missing, an empty hash verifies no password.
  return {
    ...toProfile(profile),
    passwordHash: passwordInForce(profile, password),
  } satisfies UserRecord;
}

/**
 * A staged password of the generation being committed may be replaced by another attempt at
 * that generation only from the same session (its retry) or once it is this old: by then the
 * attempt that staged it has failed or given up.
 */
const ABANDONED_STAGE_MS = 60_000;

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
      const { passwordHash, keptSession, ...profile } = user;
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
        await put({
          ...passwordKey(user.id),
          passwordHash,
          passwordVersion: user.credentialVersion,
        });
        await put({
          ...userKey(user.id),
          [TABLE_SCHEMA.usersIndex.partitionKey]: USERS_INDEX_PARTITION,
          [TABLE_SCHEMA.usersIndex.sortKey]: usersIndexSortKey(user.createdAt, user.id),
          ...profile,
          ...(keptSession === null ? {} : { keptSession }),
          passwordVersion: user.credentialVersion,
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
      const profile = await updateProfile(id, changes);
      if (profile === undefined) return get(id);
      if (profile === null) return null;
      return toRecord(profile, await read(passwordKey(id)));
    },

    async commitCredentialChange(id, change) {
      const next = change.from + 1;
      if (change.passwordHash !== undefined && !(await stagePassword(id, change, next))) {
        return false;
      }
      // The commit: one conditional write of the profile, which every request reads. From
      // here on the sessions of earlier generations are over and the staged hash is in force.
      const committed = await storeCall(
        async () => {
          await db.send(commitCommand(id, change, next));
          return true;
        },
        () => false,
      );
      if (committed && change.passwordHash !== undefined) await settlePassword(id, next);
      return committed;
    },
  };

  function commitCommand(id: UserId, change: CredentialChange, next: number) {
    const set = ["credentialVersion = :next"];
    if (change.passwordHash !== undefined) set.push("passwordVersion = :next");
    if (change.keepSession !== null) set.push("keptSession = :kept");
    return new UpdateCommand({
      TableName: tableName,
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
      },
    });
  }

  /**
   * Stages the new hash on the password item, where it waits for the commit. A staged hash the
   * profile already names (a change whose last write failed) is settled in the same write. False
   * when the generation moved on, or another attempt at the same generation holds the stage.
   */
  async function stagePassword(id: UserId, change: CredentialChange, next: number) {
    const [profile, password] = await Promise.all([read(userKey(id)), read(passwordKey(id))]);
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
    return storeCall(
      async () => {
        await db.send(
          new UpdateCommand({
            TableName: tableName,
            Key: passwordKey(id),
            UpdateExpression: `SET ${set.join(", ")}`,
            ConditionExpression: condition,
            ExpressionAttributeValues: values,
          }),
        );
        return true;
      },
      () => false,
    );
  }

  /** Makes a committed staged hash the item's own; best effort, as reads use it staged too. */
  async function settlePassword(id: UserId, committed: number): Promise<void> {
    try {
      await db.send(
        new UpdateCommand({
          TableName: tableName,
          Key: passwordKey(id),
          UpdateExpression:
            "SET passwordHash = pendingHash, passwordVersion = pendingVersion REMOVE pendingHash, pendingVersion, pendingBy, pendingAt",
          ConditionExpression: "pendingVersion = :committed",
          ExpressionAttributeValues: { ":committed": committed },
        }),
      );
    } catch {
      // Left staged: still the password in force, settled by the next change.
    }
  }

  /**
   * Writes profile changes: the profile item as written, null when there is no such user,
   * undefined when there was nothing to write.
   */
  async function updateProfile(
    id: UserId,
    changes: UserChanges,
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
