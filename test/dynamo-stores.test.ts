import { randomUUID } from "node:crypto";
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
import { createDocumentClient, dynamoStores } from "@gatehouse/core/dynamo";
import { ensureTable } from "@gatehouse/functions";
import { describeStoreContract, fastHasher, fixedClock, testSigningKeys } from "@gatehouse/testing";
import { afterAll, describe, expect, inject, it } from "vitest";

const endpoint = inject("dynamoEndpoint");
const local = { region: "local", credentials: { accessKeyId: "local", secretAccessKey: "local" } };
const db = createDocumentClient({ endpoint, ...local });
const clients = [db];

afterAll(() => {
  for (const client of clients) client.destroy();
});

async function freshTable(): Promise<string> {
  const table = `gatehouse-test-${randomUUID()}`;
  await ensureTable(endpoint, table);
  return table;
}

describeStoreContract("DynamoDB", async () => dynamoStores(db, await freshTable()));

const GENERIC_MESSAGE = "The service is temporarily unavailable. Try again shortly.";

describe("DynamoDB adapter failures", () => {
  it("fails every kind of call with a generic STORE_UNAVAILABLE when the table cannot be reached", async () => {
    const tableName = "gatehouse-prod-users-table";
    const unreachable = createDocumentClient({ endpoint: "http://127.0.0.1:9", ...local });
    clients.push(unreachable);
    const stores = dynamoStores(unreachable, tableName);
    const userId = randomUUID() as UserId;
    const sessionId = "AAAAAAAAAAAAAAAAAAAAAA" as SessionId;
    const jti = "BBBBBBBBBBBBBBBBBBBBBB" as Jti;

    const calls: Record<string, Promise<unknown>> = {
      "users.get": stores.users.get(userId),
      "users.getByEmail": stores.users.getByEmail("a@example.com" as Email),
      "users.create": stores.users.create({
        id: userId,
        email: "a@example.com" as Email,
        passwordHash: "hash",
        roles: ["USER"],
        createdAt: 0,
        accessNotBefore: 0,
        sessionsNotBefore: 0,
      }),
      "users.list": stores.users.list({ first: 5, after: null }),
      "sessions.rotate": stores.sessions.rotate(userId, sessionId, { from: "a", to: "b", now: 0 }),
      "sessions.revoke": stores.sessions.revoke(userId, sessionId, 0),
      "denylist.add": stores.denylist.add(userId, jti, 1),
      "revocations.read": stores.revocations.read({ userId, sessionId, jti, now: 0 }),
      "loginAttempts.reserve": stores.loginAttempts.reserve("key", {
        now: 0,
        max: 5,
        windowMs: 1000,
      }),
    };

    const settled = await Promise.allSettled(Object.values(calls));

    for (const [index, name] of Object.keys(calls).entries()) {
      const result = settled[index];
      const error = result?.status === "rejected" ? result.reason : new Error(`${name} succeeded`);
      expect(error, name).toBeInstanceOf(GatehouseError);
      const { code, message } = error as GatehouseError;
      expect(code, name).toBe(ERROR_CODES.STORE_UNAVAILABLE);
      expect(message, name).toBe(GENERIC_MESSAGE);
      for (const secret of [tableName, "USER#", "PROFILE", "127.0.0.1", "ECONNREFUSED", "AWS"]) {
        expect(message, name).not.toContain(secret);
      }
      expect(message.toLowerCase(), name).not.toContain("dynamo");
    }
  });
});

describe("sign-up against DynamoDB", () => {
  const settings: AuthSettings = {
    issuer: "https://gatehouse.test",
    audience: "gatehouse",
    ttlSeconds: 900,
    refreshTtlSeconds: 3600,
    signup: "open",
    loginMaxFailures: 5,
    loginWindowSeconds: 900,
    sourceMaxAttempts: 30,
    sourceWindowSeconds: 900,
    passwordMinLength: 15,
  };
  const password = "correct horse battery staple";

  /** Services on a fresh table whose client fails the writes `failing` picks. */
  async function servicesWithFaults(failing: (command: string, input: WriteInput) => boolean) {
    const client = createDocumentClient({ endpoint, ...local });
    clients.push(client);
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
    const stores: Stores = dynamoStores(client, await freshTable());
    const services = createAuthServices({
      stores,
      keys: await loadSigningKeys(await testSigningKeys()),
      hasher: fastHasher(),
      settings,
      clock,
      random: systemRandom,
    });
    return { services, stores, clock };
  }

  interface WriteInput {
    readonly Item?: { readonly sk?: unknown };
    readonly Key?: { readonly sk?: unknown };
  }
  const isProfilePut = (command: string, input: WriteInput) =>
    command === "PutItemCommand" && input.Item?.sk === "PROFILE";
  const isEmailDelete = (command: string, input: WriteInput) =>
    command === "DeleteItemCommand" && input.Key?.sk === "EMAIL";

  it("leaves the email free for an immediate retry when the profile write fails", async () => {
    let failures = 1;
    const { services, stores } = await servicesWithFaults((command, input) => {
      if (!isProfilePut(command, input) || failures === 0) return false;
      failures--;
      return true;
    });

    const error = await services.credentials.signUp("Ada@Example.com", password).catch((e) => e);

    expect(error).toBeInstanceOf(GatehouseError);
    expect(error.code).toBe(ERROR_CODES.STORE_UNAVAILABLE);
    expect(error.message).toBe(GENERIC_MESSAGE);
    expect(await stores.users.getByEmail("ada@example.com" as Email)).toBeNull();

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
