import { randomUUID } from "node:crypto";
import { GetCommand, PutCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import {
  type AuthSettings,
  createAuthServices,
  type Email,
  ERROR_CODES,
  GatehouseError,
  type Jti,
  loadSigningKeys,
  type SessionId,
  type Stores,
  systemRandom,
  type UserId,
} from "@gatehouse/core";
import { dynamoStores, TABLE_SCHEMA } from "@gatehouse/core/dynamo";
import { fastHasher, fixedClock, TEST_SETTINGS, testSigningKeys } from "@gatehouse/testing";
import { describe, expect, it } from "vitest";
import { embeddedDynamo } from "../support/dynamo.js";

// What the DynamoDB adapter keeps on the user's items: sign-up's writes (the email claim,
// the profile without its hash, the legacy-hash move) and the revocation entries on the
// profile item that every request reads.

const { db, newClient, freshTable } = embeddedDynamo();

const SETTINGS: AuthSettings = { ...TEST_SETTINGS, loginMaxFailures: 5 };

const GENERIC_MESSAGE = "The service is temporarily unavailable. Try again shortly.";

describe("sign-up against DynamoDB", () => {
  const settings = SETTINGS;
  const password = "correct horse battery staple";

  /** Services on a fresh table whose client fails the writes `failing` picks. */
  async function servicesWithFaults(failing: (command: string, input: WriteInput) => boolean) {
    const client = newClient();
    // At the initialize step the document client's input is still plain JavaScript (it is
    // marshalled just before serialisation), and the command is named for the low-level
    // operation it wraps: `PutCommand` runs as `PutItemCommand`.
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (failing(context.commandName ?? "", args.input as WriteInput)) {
          throw Object.assign(new Error("InternalServerError: simulated"), {
            name: "InternalServerError",
          });
        }
        return next(args);
      },
      { step: "initialize", name: "failSelectedWrites" },
    );
    const clock = fixedClock();
    const tableName = await freshTable();
    const stores: Stores = dynamoStores(client, tableName);
    const services = createAuthServices({
      stores,
      keys: await loadSigningKeys(await testSigningKeys()),
      hasher: fastHasher(),
      settings,
      clock,
      random: systemRandom,
    });
    return { services, stores, clock, tableName };
  }

  interface WriteInput {
    readonly Item?: { readonly sk?: unknown };
    readonly Key?: { readonly sk?: unknown };
  }
  const isProfilePut = (command: string, input: WriteInput) =>
    command === "PutItemCommand" && input.Item?.sk === "PROFILE";
  const isEmailDelete = (command: string, input: WriteInput) =>
    command === "DeleteItemCommand" && input.Key?.sk === "EMAIL";

  it("keeps the password hash off the profile item and out of the users index", async () => {
    const tableName = await freshTable();
    const stores = dynamoStores(db, tableName);
    const { user } = await createAuthServices({
      stores,
      keys: await loadSigningKeys(await testSigningKeys()),
      hasher: fastHasher(),
      settings,
      clock: fixedClock(),
      random: systemRandom,
    }).credentials.signUp("ada@example.com", password);

    const { Items = [] } = await db.send(new ScanCommand({ TableName: tableName }));

    const holders = Items.filter((item) => JSON.stringify(item).includes("$argon2"));
    expect(holders.map((item) => item.sk)).toEqual(["PASSWORD"]);
    const { Items: indexed = [] } = await db.send(
      new ScanCommand({ TableName: tableName, IndexName: TABLE_SCHEMA.usersIndex.name }),
    );
    expect(indexed).toHaveLength(1);
    expect(JSON.stringify(indexed)).not.toContain("$argon2");
    expect((await stores.users.get(user.id))?.passwordHash).toMatch(/^\$argon2/);
  });

  it("moves a hash kept on the profile by an earlier version to its own item at the first login", async () => {
    const tableName = await freshTable();
    const services = createAuthServices({
      stores: dynamoStores(db, tableName),
      keys: await loadSigningKeys(await testSigningKeys()),
      hasher: fastHasher(),
      settings,
      clock: fixedClock(),
      random: systemRandom,
    });
    const id = randomUUID();
    const put = (Item: Record<string, unknown>) =>
      db.send(new PutCommand({ TableName: tableName, Item }));
    await put({ pk: "EMAIL#old@example.com", sk: "EMAIL", userId: id, claimedAt: 0 });
    await put({
      pk: `USER#${id}`,
      sk: "PROFILE",
      id,
      email: "old@example.com",
      passwordHash: await fastHasher().hash(password),
      roles: ["USER"],
      createdAt: 0,
      accessNotBefore: 0,
      sessionsNotBefore: 0,
    });

    const session = await services.credentials.login("old@example.com", password);

    expect(session.user.id).toBe(id);
    const { Items = [] } = await db.send(new ScanCommand({ TableName: tableName }));
    const holders = Items.filter((item) => JSON.stringify(item).includes("$argon2"));
    expect(holders.map((item) => item.sk)).toEqual(["PASSWORD"]);
    expect((await services.credentials.login("old@example.com", password)).user.id).toBe(id);
  });

  it("finishes a move whose removal from the profile failed", async () => {
    const tableName = await freshTable();
    const stores = dynamoStores(db, tableName);
    const id = randomUUID() as UserId;
    const hash = await fastHasher().hash(password);
    // A moved hash whose removal from the profile did not happen.
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: { pk: `USER#${id}`, sk: "PASSWORD", passwordHash: hash },
      }),
    );
    await db.send(
      new PutCommand({
        TableName: tableName,
        Item: {
          pk: `USER#${id}`,
          sk: "PROFILE",
          id,
          email: "half@example.com",
          passwordHash: hash,
          roles: ["USER"],
          createdAt: 0,
          accessNotBefore: 0,
          sessionsNotBefore: 0,
        },
      }),
    );

    expect((await stores.users.get(id))?.passwordHash).toBe(hash);

    const { Item } = await db.send(
      new GetCommand({ TableName: tableName, Key: { pk: `USER#${id}`, sk: "PROFILE" } }),
    );
    expect(Item).not.toHaveProperty("passwordHash");
  });

  it("leaves the email free for an immediate retry when the profile write fails", async () => {
    let failures = 1;
    const { services, stores, tableName } = await servicesWithFaults((command, input) => {
      if (!isProfilePut(command, input) || failures === 0) return false;
      failures--;
      return true;
    });

    const error = await services.credentials.signUp("Ada@Example.com", password).catch((e) => e);

    expect(error).toBeInstanceOf(GatehouseError);
    expect(error.code).toBe(ERROR_CODES.STORE_UNAVAILABLE);
    expect(error.message).toBe(GENERIC_MESSAGE);
    expect(await stores.users.getByEmail("ada@example.com" as Email)).toBeNull();
    // Nor is a hash left behind for the user that never was.
    const { Items = [] } = await db.send(new ScanCommand({ TableName: tableName }));
    expect(Items.filter((item) => item.sk === "PASSWORD")).toEqual([]);

    const retried = await services.credentials.signUp("ada@example.com", password);
    expect(retried.user.email).toBe("ada@example.com");
    const login = await services.credentials.login("ada@example.com", password);
    expect(login.user.id).toBe(retried.user.id);
  });

  it("takes over a claim left by a sign-up that died between its writes, once it is a minute old", async () => {
    let failures = 2;
    const { services, clock } = await servicesWithFaults((command, input) => {
      if (!(isProfilePut(command, input) || isEmailDelete(command, input)) || failures === 0) {
        return false;
      }
      failures--;
      return true;
    });
    await services.credentials.signUp("grace@example.com", password).catch(() => undefined);

    // The claim is still fresh: it might belong to a sign-up still in flight.
    const early = await services.credentials.signUp("grace@example.com", password).catch((e) => e);
    expect(early).toBeInstanceOf(GatehouseError);
    expect(early.code).toBe(ERROR_CODES.EMAIL_TAKEN);

    clock.advance(60_000);
    const later = await services.credentials.signUp("grace@example.com", password);
    expect(later.user.email).toBe("grace@example.com");
    expect((await services.credentials.login("grace@example.com", password)).user.id).toBe(
      later.user.id,
    );
  });
});

describe("revocations on the DynamoDB profile item", () => {
  const NOW = Date.UTC(2026, 0, 1, 12);
  const HOUR = 3_600_000;
  let ids = 0;
  const id = () => `${String(++ids).padStart(6, "0")}${randomUUID().slice(0, 16)}`;

  // Small limits: reaching one takes a handful of writes, so no test here runs hundreds of
  // sequential calls (one such test timed out on a loaded machine).
  const LIMITS = { session: 6, token: 4 } as const;

  async function storesWithUser() {
    const tableName = await freshTable();
    const stores = dynamoStores(db, tableName, { revocationLimits: LIMITS });
    const userId = randomUUID() as UserId;
    await stores.users.create({
      id: userId,
      email: `${userId}@example.com` as Email,
      passwordHash: "hash",
      roles: ["USER"],
      createdAt: NOW - HOUR,
      accessNotBefore: 0,
      sessionsNotBefore: 0,
      credentialVersion: 0,
      keptSession: null,
      secondFactors: { totp: false, passkeys: 0 },
    });
    const profile = async () =>
      (
        await db.send(
          new GetCommand({
            TableName: tableName,
            Key: { pk: `USER#${userId}`, sk: "PROFILE" },
            ConsistentRead: true,
          }),
        )
      ).Item ?? {};
    const endSession = async (now: number, tokensUntil = now + HOUR) => {
      const sessionId = id() as SessionId;
      await stores.sessions.create({
        userId,
        id: sessionId,
        createdAt: now - 1000,
        lastUsedAt: now - 1000,
        expiresAt: now + 24 * HOUR,
        refreshTokenHash: "hash",
        revokedAt: null,
        credentialVersion: 0,
      });
      await stores.sessions.revoke(userId, sessionId, { now, tokensFor: tokensUntil - now });
      return sessionId;
    };
    const denyToken = async (now: number, issuedAt = Math.floor(now / 1000) - 1) => {
      const jti = id() as Jti;
      await stores.denylist.add(userId, { jti, issuedAt, until: now + HOUR }, now);
      return jti;
    };
    return { stores, userId, profile, endSession, denyToken };
  }

  const sizeOf = (set: unknown) => (set instanceof Set ? set.size : 0);

  it("keeps an entry only while it counts: the next write drops the expired ones", async () => {
    const { profile, endSession, denyToken } = await storesWithUser();
    await endSession(NOW, NOW + 1000);
    const kept = await endSession(NOW + 2000);
    await denyToken(NOW);

    const item = await profile();

    expect([...(item.endedSessions as Set<string>)].map((entry) => entry.split(" ")[0])).toEqual([
      kept,
    ]);
    expect(sizeOf(item.deniedTokens)).toBe(1);
  });

  it("raises the session cutoff instead of keeping more than the configured limit of ended sessions", async () => {
    const { profile, endSession } = await storesWithUser();
    // One past the limit raises the cutoff and drops all; three more are kept.
    for (let i = 0; i <= LIMITS.session + 3; i++) await endSession(NOW);

    const item = await profile();

    expect(item.sessionsNotBefore).toBe(NOW + 1);
    expect(sizeOf(item.endedSessions)).toBe(3);
    expect(item.accessNotBefore).toBe(0);
  });

  it("raises the access cutoff instead of keeping more than the configured limit of denied tokens, keeping what it does not cover", async () => {
    const { stores, userId, profile, denyToken } = await storesWithUser();
    // Minted in the second after `NOW` (its iat was clamped to an earlier cutoff).
    const ahead = await denyToken(NOW, Math.floor(NOW / 1000) + 1);
    for (let i = 0; i < LIMITS.token; i++) await denyToken(NOW);

    const item = await profile();

    expect(item.accessNotBefore).toBe(Math.floor(NOW / 1000) + 1);
    expect([...(item.deniedTokens as Set<string>)].map((entry) => entry.split(" ")[0])).toEqual([
      ahead,
    ]);
    expect(item.sessionsNotBefore).toBe(0);
    const state = await stores.revocations.read({
      userId,
      sessionId: id() as SessionId,
      jti: ahead,
      now: NOW,
    });
    expect(state.jtiDenied).toBe(true);
  });

  it("never lowers a cutoff that is already higher", async () => {
    const { stores, userId, profile, denyToken } = await storesWithUser();
    const later = Math.floor(NOW / 1000) + 60;
    await stores.users.update(userId, { accessNotBefore: later });
    for (let i = 0; i <= LIMITS.token; i++) await denyToken(NOW);

    const item = await profile();

    expect(item.accessNotBefore).toBe(later);
    expect(sizeOf(item.deniedTokens)).toBe(0);
  });

  it("lets changePassword end 60 other sessions and keep the caller's", async () => {
    const services = createAuthServices({
      stores: dynamoStores(db, await freshTable()),
      keys: await loadSigningKeys(await testSigningKeys()),
      hasher: fastHasher(),
      settings: { ...SETTINGS, loginMaxFailures: 1000 },
      clock: fixedClock(NOW),
      random: systemRandom,
    });
    const password = "correct horse battery staple";
    const caller = await services.credentials.signUp("many@example.com", password);
    const others = [];
    for (let i = 0; i < 60; i++) {
      others.push(await services.credentials.login("many@example.com", password));
    }
    const bearer = (token: string) => services.authenticator.authenticate(`Bearer ${token}`);

    const principal = await bearer(caller.accessToken);
    await services.accounts.changePassword(
      principal as NonNullable<typeof principal>,
      password,
      "another long enough passphrase",
    );

    expect((await bearer(caller.accessToken))?.userId).toBe(caller.user.id);
    for (const other of others) {
      await expect(bearer(other.accessToken)).rejects.toMatchObject({ code: "TOKEN_REVOKED" });
    }
  });

  it("writes nothing for a user that does not exist", async () => {
    const { stores } = await storesWithUser();
    const ghost = randomUUID() as UserId;

    await stores.denylist.add(ghost, { jti: id() as Jti, issuedAt: 0, until: NOW + HOUR }, NOW);

    expect(await stores.users.get(ghost)).toBeNull();
  });
});
