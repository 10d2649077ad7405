/**
 * A signing key rotation as the README tells an operator to run it, with the sets the keys CLI
 * prints, through the real handler: rotate (the new key signs, the old one still verifies),
 * then retire the old key (its tokens stop working). Each step is a new container on the same
 * table, as a deploy with a new secret value is.
 */
import { INVALID_TOKEN_MESSAGE } from "@gatehouse/core";
import { createApiGatewayAuthorizer, createRuntime, parseConfig } from "@gatehouse/functions";
import { memoryStores } from "@gatehouse/testing";
import {
  httpApiAuthorizerEvent,
  httpEvent,
  TEST_ISSUER,
  type TestApp,
} from "@gatehouse/testing/http";
import { decodeProtectedHeader } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import {
  generateSet,
  promoteKey,
  publishKey,
  retireKey,
  rotateSet,
} from "../../scripts/ops/keys-lib.js";
import { dataOf, dynamoApp, errorOf, ME, signUp } from "../support/gql.js";

let oldKid: string;
let newKid: string;
let beforeRotation: TestApp;
let rotated: TestApp;
let retired: TestApp;
let oldToken: string;
let oldUserId: string;

const jwksKids = async (app: TestApp) => {
  const response = await app.invoke(httpEvent({ path: "/.well-known/jwks.json" }));
  return (response.body.keys as { kid: string; d?: string }[]).map((key) => {
    expect(key.d).toBeUndefined();
    return key.kid;
  });
};

beforeAll(async () => {
  const original = JSON.stringify(await generateSet());
  const next = JSON.stringify(await rotateSet(original));
  oldKid = String(JSON.parse(original).keys[0].kid);
  newKid = String(JSON.parse(next).keys[0].kid);
  const last = JSON.stringify(await retireKey(next, oldKid));

  beforeRotation = await dynamoApp({ signingKeys: original });
  const { tableName } = beforeRotation;
  rotated = await dynamoApp({ tableName, signingKeys: next });
  retired = await dynamoApp({ tableName, signingKeys: last });

  const payload = await signUp(beforeRotation);
  oldToken = payload.accessToken;
  oldUserId = payload.user.id;
});

describe("signing key rotation", () => {
  it("signs with the old key before the rotation", () => {
    expect(decodeProtectedHeader(oldToken).kid).toBe(oldKid);
  });

  it("after rotating, signs with the new key and still accepts tokens of the old one", async () => {
    const { accessToken } = await signUp(rotated);
    expect(decodeProtectedHeader(accessToken).kid).toBe(newKid);

    const me = await rotated.graphql(ME, {}, { token: oldToken });

    expect(me.status).toBe(200);
    expect(dataOf<{ id: string }>(me, "me").id).toBe(oldUserId);
    const authorize = createApiGatewayAuthorizer(rotated.runtime);
    expect(await authorize(httpApiAuthorizerEvent(`Bearer ${oldToken}`))).toMatchObject({
      isAuthorized: true,
      context: { sub: oldUserId },
    });
  });

  it("after rotating, publishes both public keys, the signing key first", async () => {
    expect(await jwksKids(beforeRotation)).toEqual([oldKid]);
    expect(await jwksKids(rotated)).toEqual([newKid, oldKid]);
  });

  it("after retiring the old key, answers its tokens 401 and keeps accepting the new key's", async () => {
    const { accessToken: newToken } = await signUp(rotated);

    const old = await retired.graphql(ME, {}, { token: oldToken });

    expect(old.status).toBe(401);
    expect(old.headers["www-authenticate"]).toBe('Bearer error="invalid_token"');
    expect(errorOf(old)).toEqual({ code: "UNAUTHENTICATED", message: INVALID_TOKEN_MESSAGE });
    expect(old.body.data).toBeUndefined();
    expect((await retired.graphql(ME, {}, { token: newToken })).status).toBe(200);
    expect(await jwksKids(retired)).toEqual([newKid]);
    const authorize = createApiGatewayAuthorizer(retired.runtime);
    expect(await authorize(httpApiAuthorizerEvent(`Bearer ${oldToken}`))).toEqual({
      isAuthorized: false,
    });
  });
});

describe("signing key rotation in steps (publish, then promote)", () => {
  it("publishes the next key without signing with it, then signs with it once promoted", async () => {
    const original = JSON.stringify(await generateSet());
    const published = JSON.stringify(await publishKey(original));
    const [current, next] = JSON.parse(published).keys as { kid: string }[];
    const promoted = JSON.stringify(await promoteKey(published, String(next?.kid)));
    const first = await dynamoApp({ signingKeys: published });
    const second = await dynamoApp({ tableName: first.tableName, signingKeys: promoted });

    // Published: both keys in the JWKS, the current one still signs.
    expect(await jwksKids(first)).toEqual([current?.kid, next?.kid]);
    const before = await signUp(first);
    expect(decodeProtectedHeader(before.accessToken).kid).toBe(current?.kid);

    // Promoted: the next key signs, and tokens of the previous one keep working.
    expect(await jwksKids(second)).toEqual([next?.kid, current?.kid]);
    const after = await signUp(second);
    expect(decodeProtectedHeader(after.accessToken).kid).toBe(next?.kid);
    expect((await second.graphql(ME, {}, { token: before.accessToken })).status).toBe(200);
  });
});

describe("a key set whose private and public halves do not match", () => {
  /** A set of one `alg` key whose public members (`members`) are taken from another key. */
  async function mismatched(alg: "RS256" | "ES256", members: readonly string[]) {
    const [mine] = (await generateSet(alg)).keys;
    const [other] = (await generateSet(alg)).keys;
    const key: Record<string, unknown> = { ...mine };
    for (const member of members) key[member] = other?.[member];
    return { kid: String(key.kid), keys: JSON.stringify({ keys: [key] }) };
  }

  it.each([
    ["an RSA key whose n is another key's", "RS256", ["n"]],
    ["an EC key whose x and y are another key's", "ES256", ["x", "y"]],
  ] as const)("stops the cold start with one clear message for %s", async (_, alg, members) => {
    const { kid, keys } = await mismatched(alg, members);
    const config = parseConfig({
      GATEHOUSE_ISSUER: TEST_ISSUER,
      GATEHOUSE_TABLE_NAME: "gatehouse-mismatched-keys",
      GATEHOUSE_SIGNING_KEYS: keys,
    });

    await expect(createRuntime(config, { stores: memoryStores() })).rejects.toThrow(
      new TypeError(
        `Signing keys: key 0 (kid ${kid}): its private part does not match its public part (a probe it signs does not verify); generate the key again.`,
      ),
    );
  });
});
