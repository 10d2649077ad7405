import { fixedClock, testSigningKeys } from "@gatehouse/testing";
import type { TestApp } from "@gatehouse/testing/http";
import { beforeAll, describe, expect, it } from "vitest";
import { profileWriter, rootOperations } from "../support/assurance.js";
import { EMAIL_NOT_VERIFIED, FORBIDDEN, MFA_REQUIRED, NOT_SIGNED_IN } from "../support/errors.js";
import {
  type AuthPayloadData,
  dataOf,
  dynamoApp,
  errorOf,
  LOGOUT,
  login,
  ME,
  signUp,
  uniqueEmail,
} from "../support/gql.js";
import { tokenLab } from "../support/tokens.js";
import { signUpWithTotp } from "../support/totp.js";

// The assurance gates through the real handler, walked over every root field of the served
// schema: a field added later is walked too, and must be declared open or public to pass.

// The contract's public fields (v1 and v2): no gate applies to them.
const PUBLIC = new Set([
  "login",
  "signUp",
  "refresh",
  "verifyEmail",
  "requestPasswordReset",
  "resetPassword",
  "confirmEmailChange",
  "beginPasskeyLogin",
  "finishPasskeyLogin",
]);
// What an aal1 token of a user with a second factor reaches (contract v2, "Tokens").
const OPEN_AT_AAL1 = new Set(["me", "sessions", "logout", "revoke", "verifySecondFactor"]);
// What an unverified user's token reaches with GATEHOUSE_REQUIRE_VERIFIED_EMAIL=true; and
// the second-factor step, so that a user with a factor is never stuck (docs/contract.md).
const OPEN_UNVERIFIED = new Set([
  "me",
  "sessions",
  "logout",
  "revoke",
  "requestEmailVerification",
  "verifySecondFactor",
]);

// Open fields whose sample arguments cannot be right (a code "x"): the gate lets them through,
// and the field itself refuses the argument, never with a gate's code.
const ANSWERS_ITS_ARGUMENTS = new Set(["verifySecondFactor"]);
const GATE_CODES = ["MFA_REQUIRED", "EMAIL_NOT_VERIFIED", "REAUTHENTICATION_REQUIRED", "FORBIDDEN"];

const setProfile = profileWriter();
const START = Date.UTC(2026, 0, 1);
const clock = fixedClock(START);

/** Walks every root field with `token`; fields in `open` must pass the gate, the rest answer `refusal`. */
async function walk(
  app: TestApp,
  email: string,
  open: ReadonlySet<string>,
  refusal: { code: unknown; message: unknown },
) {
  const operations = rootOperations(app.gatehouse.schema);
  expect(operations.map((op) => op.field)).toEqual(expect.arrayContaining(["me", "setRoles"]));
  for (const op of operations) {
    // Each field with a session of its own: logout and revoke end what they are given.
    const { accessToken } = await login(app, email);
    const response = await app.graphql(op.document, op.variables, { token: accessToken });
    const codes = (response.body?.errors ?? []).map(
      (error: { extensions?: { code?: unknown } }) => error.extensions?.code,
    );
    if (PUBLIC.has(op.field)) {
      expect(codes, op.field).not.toContain(refusal.code);
    } else if (open.has(op.field) && ANSWERS_ITS_ARGUMENTS.has(op.field)) {
      expect(codes, `${op.field}: ${response.text}`).toHaveLength(1);
      for (const code of GATE_CODES) expect(codes, op.field).not.toContain(code);
    } else if (open.has(op.field)) {
      expect(response.body?.errors, `${op.field}: ${response.text}`).toBeUndefined();
      expect(response.body.data[op.field], op.field).not.toBeNull();
    } else {
      expect(response.status, op.field).toBe(200);
      expect({ field: op.field, ...errorOf(response) }).toEqual({ field: op.field, ...refusal });
      expect(response.body.data?.[op.field] ?? null, op.field).toBeNull();
    }
  }
}

describe("the MFA gate", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await dynamoApp({ clock });
  });

  it("lets an aal1 token of a user with TOTP reach only me, sessions, logout and revoke; every other protected field answers MFA_REQUIRED", async () => {
    const email = uniqueEmail();
    const { user } = await signUp(app, email);
    await setProfile(app, user.id, { secondFactors: { totp: true, passkeys: 0 } });
    await walk(app, email, OPEN_AT_AAL1, MFA_REQUIRED);
  });

  it("gates a user who really enrolled TOTP the same way at aal1", async () => {
    const email = uniqueEmail();
    await signUpWithTotp(app, email, clock);
    await walk(app, email, OPEN_AT_AAL1, MFA_REQUIRED);
  });

  it("gates a user with a passkey alone the same way", async () => {
    const { user, accessToken } = await signUp(app);
    await setProfile(app, user.id, { secondFactors: { totp: false, passkeys: 1 } });
    expect(dataOf<{ id: string }>(await app.graphql(ME, {}, { token: accessToken }), "me").id).toBe(
      user.id,
    );
    const response = await app.graphql(
      `query { user(id: "${user.id}") { id } }`,
      {},
      {
        token: accessToken,
      },
    );
    expect(errorOf(response)).toEqual(MFA_REQUIRED);
  });

  it("leaves a user without a second factor at aal1 where they were", async () => {
    const { user, accessToken } = await signUp(app);
    const response = await app.graphql(
      `query { user(id: "${user.id}") { id } }`,
      {},
      {
        token: accessToken,
      },
    );
    expect(dataOf<{ id: string }>(response, "user").id).toBe(user.id);
  });

  it("lets an aal2 token of the same user through, and its roles decide as before", async () => {
    const lab = await tokenLab(await testSigningKeys(), clock);
    const session = await signUp(app);
    await setProfile(app, session.user.id, { secondFactors: { totp: true, passkeys: 0 } });
    const aal2 = await lab.forge({
      ...lab.claimsOf(session),
      acr: "aal2",
      amr: ["pwd", "otp", "mfa"],
    });
    const own = await app.graphql(
      `query { user(id: "${session.user.id}") { id } }`,
      {},
      {
        token: aal2,
      },
    );
    expect(dataOf<{ id: string }>(own, "user").id).toBe(session.user.id);
    const users = await app.graphql(
      "query { users { pageInfo { hasNextPage } } }",
      {},
      {
        token: aal2,
      },
    );
    expect(errorOf(users)).toEqual(FORBIDDEN);
  });
});

describe("the verified-email gate", () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await dynamoApp({ clock, env: { GATEHOUSE_REQUIRE_VERIFIED_EMAIL: "true" } });
  });

  it("lets an unverified user's token reach only me, sessions, logout, revoke and requestEmailVerification; every other protected field answers EMAIL_NOT_VERIFIED", async () => {
    const email = uniqueEmail();
    await signUp(app, email);
    await walk(app, email, OPEN_UNVERIFIED, EMAIL_NOT_VERIFIED);
  });

  it("lets a verified user through", async () => {
    const { user, accessToken } = await signUp(app);
    await setProfile(app, user.id, { emailVerified: true });
    const response = await app.graphql(
      `query { user(id: "${user.id}") { id } }`,
      {},
      {
        token: accessToken,
      },
    );
    expect(dataOf<{ id: string }>(response, "user").id).toBe(user.id);
  });

  it("stays off by default: an unverified user reaches every field their role allows", async () => {
    const open = await dynamoApp({ clock });
    const { user, accessToken } = await signUp(open);
    const response = await open.graphql(
      `query { user(id: "${user.id}") { id } }`,
      {},
      {
        token: accessToken,
      },
    );
    expect(dataOf<{ id: string }>(response, "user").id).toBe(user.id);
  });
});

describe("when several gates fail", () => {
  let app: TestApp;
  let lab: Awaited<ReturnType<typeof tokenLab>>;
  let session: AuthPayloadData;
  beforeAll(async () => {
    const signingKeys = await testSigningKeys();
    app = await dynamoApp({
      clock,
      signingKeys,
      env: { GATEHOUSE_REQUIRE_VERIFIED_EMAIL: "true" },
    });
    lab = await tokenLab(signingKeys, clock);
    session = await signUp(app);
    await setProfile(app, session.user.id, { secondFactors: { totp: true, passkeys: 0 } });
  });
  const USERS = "query { users { pageInfo { hasNextPage } } }";

  it("answers UNAUTHENTICATED first, then MFA_REQUIRED, then EMAIL_NOT_VERIFIED, then FORBIDDEN", async () => {
    expect(errorOf(await app.graphql(USERS))).toEqual(NOT_SIGNED_IN);
    expect(errorOf(await app.graphql(USERS, {}, { token: session.accessToken }))).toEqual(
      MFA_REQUIRED,
    );
    const aal2 = await lab.forge({
      ...lab.claimsOf(session),
      acr: "aal2",
      amr: ["pwd", "otp", "mfa"],
    });
    expect(errorOf(await app.graphql(USERS, {}, { token: aal2 }))).toEqual(EMAIL_NOT_VERIFIED);
    await setProfile(app, session.user.id, { emailVerified: true });
    expect(errorOf(await app.graphql(USERS, {}, { token: aal2 }))).toEqual(FORBIDDEN);
  });

  it("keeps logout open whatever the gates say", async () => {
    const email = uniqueEmail();
    const { user } = await signUp(app, email);
    await setProfile(app, user.id, { secondFactors: { totp: true, passkeys: 0 } });
    const { accessToken } = await login(app, email);
    expect(dataOf(await app.graphql(LOGOUT, {}, { token: accessToken }), "logout")).toBe(true);
  });
});
