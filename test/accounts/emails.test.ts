import { randomUUID } from "node:crypto";
import type { Email, UserId } from "@gatehouse/core";
import { createDocumentClient, dynamoStores } from "@gatehouse/core/dynamo";
import { fastHasher, fixedClock, type TestClock } from "@gatehouse/testing";
import type { TestApp } from "@gatehouse/testing/http";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { EMAIL_TAKEN, INVALID_EMAIL } from "../support/errors.js";
import {
  dynamoApp,
  errorOf,
  login,
  PASSWORD,
  SIGN_UP,
  signUp,
  uniqueEmail,
} from "../support/gql.js";

// One address, one account: look-alike spellings (accents, invisible characters, Unicode
// domains) normalise to one email or are refused; accounts stored earlier still sign in.

const START = Date.UTC(2026, 0, 1);

let app: TestApp;
let clock: TestClock;

beforeAll(async () => {
  clock = fixedClock(START);
  app = await dynamoApp({ clock });
});

describe("look-alike emails", () => {
  const INVISIBLE = {
    code: "BAD_USER_INPUT",
    message: "The email address contains invisible or control characters.",
  };
  const local = () => `look-${randomUUID().slice(0, 8)}`;

  it("makes a composed and a decomposed accent one account", async () => {
    const name = local();
    const composed = `${name}-jos\u00e9@example.com`;
    const decomposed = `${name}-jose\u0301@example.com`;
    const { user } = await signUp(app, composed);

    const second = await app.graphql(SIGN_UP, { email: decomposed, password: PASSWORD });

    expect(errorOf(second)).toEqual(EMAIL_TAKEN);
    expect((await login(app, decomposed)).user.id).toBe(user.id);
    expect(user.email).toBe(composed);
  });

  it.each([
    ["a zero-width space", "\u200b"],
    ["a right-to-left override", "\u202e"],
    ["a left-to-right isolate", "\u2066"],
    ["a soft hyphen", "\u00ad"],
  ])("refuses an address holding %s with BAD_USER_INPUT", async (_, character) => {
    const name = local();
    const response = await app.graphql(SIGN_UP, {
      email: `${name}${character}x@example.com`,
      password: PASSWORD,
    });

    expect(response.body.data).toBeNull();
    expect(errorOf(response)).toEqual(INVISIBLE);
  });

  it("refuses an address with a trailing zero-width joiner with BAD_USER_INPUT", async () => {
    const email = uniqueEmail("joiner");
    await signUp(app, email);

    const response = await app.graphql(SIGN_UP, { email: `${email}\u200d`, password: PASSWORD });

    expect(errorOf(response)).toEqual(INVISIBLE);
  });

  it("makes bücher.example and xn--bcher-kva.example one account, stored in ASCII", async () => {
    const name = local();
    const { user } = await signUp(app, `${name}@B\u00fccher.example`);

    const second = await app.graphql(SIGN_UP, {
      email: `${name}@xn--bcher-kva.example`,
      password: PASSWORD,
    });

    expect(user.email).toBe(`${name}@xn--bcher-kva.example`);
    expect(errorOf(second)).toEqual(EMAIL_TAKEN);
    expect((await login(app, `${name}@b\u00fccher.example`)).user.id).toBe(user.id);
  });

  it("refuses a domain that is not a valid IDNA name with BAD_USER_INPUT", async () => {
    const response = await app.graphql(SIGN_UP, {
      email: `${local()}@xn--zz.example`,
      password: PASSWORD,
    });

    expect(errorOf(response)).toEqual(INVALID_EMAIL);
  });

  describe("accounts stored by an earlier version", () => {
    const db = createDocumentClient({
      endpoint: inject("dynamoEndpoint"),
      region: "local",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
    });
    afterAll(() => db.destroy());

    /** Writes an account as an earlier version did: its email only trimmed and lower-cased. */
    async function legacyAccount(email: string) {
      const id = randomUUID() as UserId;
      await dynamoStores(db, app.tableName).users.create({
        id,
        email: email as Email,
        passwordHash: await fastHasher().hash(PASSWORD),
        roles: ["USER"],
        createdAt: START,
        accessNotBefore: 0,
        sessionsNotBefore: 0,
        credentialVersion: 0,
        keptSession: null,
        secondFactors: { totp: false, passkeys: 0 },
      });
      return id;
    }

    it.each([
      ["a decomposed accent", (name: string) => `${name}-jose\u0301@example.com`],
      ["a Unicode domain", (name: string) => `${name}@b\u00fccher.example`],
      ["a zero-width character", (name: string) => `${name}\u200bx@example.com`],
    ])(
      "still signs in an account whose stored address holds %s, as it was registered",
      async (_, form) => {
        const email = form(local());
        const id = await legacyAccount(email);

        expect((await login(app, email.toUpperCase())).user.id).toBe(id);
      },
    );
  });
});
