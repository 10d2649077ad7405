import { randomUUID } from "node:crypto";
import { createDocumentClient, dynamoStores } from "@gatehouse/core/dynamo";
import { ensureTable } from "@gatehouse/functions/local";
import { fastHasher, fixedClock } from "@gatehouse/testing";
import { createTestApp, type TestApp } from "@gatehouse/testing/http";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { dataOf } from "../support/gql.js";
import { signInAal2, signUpWithTotp } from "../support/totp.js";

// The performance promise: `me` of a user with a second factor, signed in at aal2,
// costs what it costs without one, the one read of the profile with the revocation state.

const clock = fixedClock(Date.UTC(2026, 5, 1));
let app: TestApp;
let calls: string[] = [];
const endpoint = inject("dynamoEndpoint");
const db = createDocumentClient({
  endpoint,
  region: "local",
  credentials: { accessKeyId: "local", secretAccessKey: "local" },
});
afterAll(() => db.destroy());

beforeAll(async () => {
  const tableName = `gatehouse-one-read-${randomUUID()}`;
  await ensureTable(endpoint, tableName);
  db.middlewareStack.add(
    (next, context) => async (args) => {
      calls.push(context.commandName ?? "");
      return next(args);
    },
    { step: "initialize", name: "countCalls" },
  );
  app = await createTestApp({
    stores: dynamoStores(db, tableName),
    tableName,
    hasher: fastHasher(),
    clock,
  });
});

describe("me of a user with TOTP at aal2", () => {
  it("makes one DynamoDB read, its factors included; the recovery-code count only when asked", async () => {
    const { email, secret } = await signUpWithTotp(app, undefined, clock);
    const { accessToken } = await signInAal2(app, email, secret, clock);

    calls = [];
    dataOf(
      await app.graphql(
        "query { me { id secondFactors { totp passkeys } } }",
        {},
        { token: accessToken },
      ),
      "me",
    );
    expect(calls).toEqual(["GetItemCommand"]);

    calls = [];
    dataOf(
      await app.graphql(
        "query { me { secondFactors { recoveryCodesLeft } } }",
        {},
        { token: accessToken },
      ),
      "me",
    );
    expect(calls).toHaveLength(2);
  });
});
