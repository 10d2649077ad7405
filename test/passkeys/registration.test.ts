import type { PublicKeyCredentialCreationOptionsJSON } from "@gatehouse/core";
import { fixedClock } from "@gatehouse/testing";
import type { TestApp } from "@gatehouse/testing/http";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { dataOf, dynamoApp, errorOf, login, ME, signUp } from "../support/gql.js";
import {
  BEGIN_REGISTRATION,
  beginRegistration,
  DELETE_PASSKEY,
  device,
  FINISH_REGISTRATION,
  finishRegistration,
  PASSKEY_ORIGIN,
  PASSKEYS,
  type PasskeyData,
  passkeyLogin,
  REGISTRATION_REFUSED,
  registerPasskey,
  userWithPasskey,
} from "../support/passkeys.js";
import { expectInvalidToken } from "../support/tokens.js";

// Adding and removing passkeys (issue 15, the contract's v2 "Operations"): a ceremony whose
// challenge is single use and lives 5 minutes, checked against the configured relying party
// only; each change ends every other session and mails the owner a notice.

const START = Date.UTC(2026, 2, 1, 9);
const registerWith = (token: string, options: PublicKeyCredentialCreationOptionsJSON) =>
  finishRegistration(app, token, device().register(options));
const clock = fixedClock(START);
let app: TestApp;

beforeAll(async () => {
  app = await dynamoApp({ clock });
});
beforeEach(() => clock.set(START));

describe("passkey registration", () => {
  it("registers a passkey under its name and lists it, never used yet", async () => {
    const { accessToken } = await signUp(app);
    const authenticator = device();
    const passkey = await registerPasskey(app, accessToken, authenticator, "Work laptop");

    expect(passkey).toEqual({
      id: expect.stringMatching(/^[A-Za-z0-9_-]+$/),
      name: "Work laptop",
      createdAt: new Date(START).toISOString(),
      lastUsedAt: null,
    });
    clock.advance(1000);
    const session = await passkeyLogin(app, authenticator);
    const listed = await app.graphql(PASSKEYS, {}, { token: session.accessToken });
    expect(dataOf<PasskeyData[]>(listed, "passkeys")).toEqual([
      { ...passkey, lastUsedAt: new Date(START + 1000).toISOString() },
    ]);
  });

  it("holds the registering password session at aal1 from then on: the passkey is a second factor", async () => {
    const { accessToken } = await signUp(app);
    await registerPasskey(app, accessToken, device());
    expect(errorOf(await app.graphql(PASSKEYS, {}, { token: accessToken }))).toEqual({
      code: "MFA_REQUIRED",
      message: expect.any(String),
    });
    expect(dataOf(await app.graphql(ME, {}, { token: accessToken }), "me")).not.toBeNull();
  });

  it("registers a second passkey from a session signed in with the first", async () => {
    const { session } = await userWithPasskey(app);
    clock.advance(1000);
    await registerPasskey(app, session.accessToken, device(), "Security key");
    const listed = await app.graphql(PASSKEYS, {}, { token: session.accessToken });
    expect(dataOf<PasskeyData[]>(listed, "passkeys").map((p) => p.name)).toEqual([
      "Laptop",
      "Security key",
    ]);
  });

  it("names a passkey Passkey when no name is given", async () => {
    const { accessToken } = await signUp(app);
    const options = await beginRegistration(app, accessToken);
    const response = await finishRegistration(app, accessToken, device().register(options));
    expect(dataOf<PasskeyData>(response, "finishPasskeyRegistration").name).toBe("Passkey");
  });

  it("offers creation options for the configured relying party, requiring a resident, user-verified key", async () => {
    const { accessToken, user } = await signUp(app);
    const options = await beginRegistration(app, accessToken);
    expect(options.rp.id).toBe(new URL(PASSKEY_ORIGIN).hostname);
    expect(options.user.name).toBe(user.email);
    expect(options.authenticatorSelection).toMatchObject({
      residentKey: "required",
      userVerification: "required",
    });
    expect(options.challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("ends every other session of the user and keeps the caller's", async () => {
    const first = await signUp(app);
    const other = await login(app, first.user.email);
    await registerPasskey(app, first.accessToken, device());

    expectInvalidToken(await app.graphql(ME, {}, { token: other.accessToken }));
    expect(dataOf(await app.graphql(ME, {}, { token: first.accessToken }), "me")).toMatchObject({
      id: first.user.id,
    });
  });

  it("mails the owner a notice naming a passkey, with no link and no secret", async () => {
    const { accessToken, user } = await signUp(app);
    const before = app.mailbox.sent.length;
    const passkey = await registerPasskey(app, accessToken, device());

    const mails = app.mailbox.sent.slice(before);
    expect(mails.map(({ to, subject }) => ({ to, subject }))).toEqual([
      { to: user.email, subject: "A second factor was added to your account" },
    ]);
    const mail = mails[0];
    expect(mail?.text).toContain("a passkey");
    for (const part of [mail?.text, mail?.html]) {
      expect(part).not.toMatch(/https?:\/\//);
      expect(part).not.toContain(passkey.id);
      expect(part).not.toContain(accessToken);
    }
  });

  it("needs a recent sign-in to begin", async () => {
    const { accessToken } = await signUp(app);
    clock.advance(301_000);
    const response = await app.graphql(BEGIN_REGISTRATION, {}, { token: accessToken });
    expect(errorOf(response)).toEqual({
      code: "REAUTHENTICATION_REQUIRED",
      message: expect.any(String),
    });
  });

  it("finishes a registration begun recently even when the sign-in has just stopped being recent", async () => {
    const { accessToken } = await signUp(app);
    clock.advance(200_000);
    const options = await beginRegistration(app, accessToken);
    clock.advance(200_000);
    const response = await finishRegistration(app, accessToken, device().register(options));
    expect(dataOf<PasskeyData>(response, "finishPasskeyRegistration").name).toBe("Passkey");
  });

  it("answers an anonymous caller UNAUTHENTICATED", async () => {
    const response = await app.graphql(BEGIN_REGISTRATION);
    expect(errorOf(response).code).toBe("UNAUTHENTICATED");
  });

  it.each([
    ["from an origin that is not configured", { origin: "https://evil.test" }],
    ["for another relying party id", { rpId: "evil.test" }],
    ["without user verification", { userVerified: false }],
    ["without user presence", { userPresent: false }],
    ["as a login response", { type: "webauthn.get" }],
  ])("refuses a registration %s, and stores nothing", async (_, knobs) => {
    const { accessToken } = await signUp(app);
    const options = await beginRegistration(app, accessToken);
    const response = await finishRegistration(app, accessToken, device().register(options, knobs));
    expect(errorOf(response)).toEqual(REGISTRATION_REFUSED);
    expect(dataOf(await app.graphql(PASSKEYS, {}, { token: accessToken }), "passkeys")).toEqual([]);
  });

  it("refuses a challenge used once already", async () => {
    const { session } = await userWithPasskey(app);
    const options = await beginRegistration(app, session.accessToken);
    await registerWith(session.accessToken, options);
    const replay = await finishRegistration(app, session.accessToken, device().register(options));
    expect(errorOf(replay)).toEqual(REGISTRATION_REFUSED);
  });

  it("spends a challenge on a refused response too", async () => {
    const { accessToken } = await signUp(app);
    const options = await beginRegistration(app, accessToken);
    const evil = device().register(options, { origin: "https://evil.test" });
    expect(errorOf(await finishRegistration(app, accessToken, evil))).toEqual(REGISTRATION_REFUSED);
    const retry = await finishRegistration(app, accessToken, device().register(options));
    expect(errorOf(retry)).toEqual(REGISTRATION_REFUSED);
  });

  it("refuses a challenge older than 5 minutes", async () => {
    const { accessToken } = await signUp(app);
    const options = await beginRegistration(app, accessToken);
    clock.advance(5 * 60_000 + 1);
    const response = await finishRegistration(app, accessToken, device().register(options));
    expect(errorOf(response)).toEqual(REGISTRATION_REFUSED);
  });

  it("refuses another user's challenge", async () => {
    const ada = await signUp(app);
    const bob = await signUp(app);
    const options = await beginRegistration(app, ada.accessToken);
    const response = await finishRegistration(app, bob.accessToken, device().register(options));
    expect(errorOf(response)).toEqual(REGISTRATION_REFUSED);
  });

  it("checks the configured origin whatever Origin and Host headers the request carries", async () => {
    const { accessToken } = await signUp(app);
    const options = await beginRegistration(app, accessToken);
    const evil = "https://evil.test";
    const response = await app.graphql(
      FINISH_REGISTRATION,
      { response: device().register(options, { origin: evil }) },
      { token: accessToken, headers: { origin: evil, host: "evil.test" } },
    );
    expect(errorOf(response)).toEqual(REGISTRATION_REFUSED);
  });
});

describe("the JSON scalar", () => {
  it.each([
    ["a string", '{"id":"secret-looking-value"}'],
    ["a list", ["secret-looking-value"]],
    ["a number", 12345],
  ])("refuses %s where an object is expected, without echoing it", async (_, value) => {
    const { accessToken } = await signUp(app);
    const response = await finishRegistration(app, accessToken, value);
    expect(response.status).toBe(400);
    expect(errorOf(response)).toEqual({
      code: "BAD_USER_INPUT",
      message: "A JSON argument must be a JSON object.",
    });
    expect(response.text).not.toContain("secret-looking-value");
    expect(response.text).not.toContain("12345");
  });

  it("refuses an inline literal that is not an object, without echoing it", async () => {
    const { accessToken } = await signUp(app);
    const response = await app.graphql(
      'mutation { finishPasskeyRegistration(response: "secret-looking-value") { id } }',
      {},
      { token: accessToken },
    );
    expect(errorOf(response)).toEqual({
      code: "GRAPHQL_VALIDATION_FAILED",
      message: "A JSON argument must be a JSON object.",
    });
    expect(response.text).not.toContain("secret-looking-value");
  });
});

describe("passkey deletion", () => {
  it("deletes a passkey: it is no longer listed", async () => {
    const { session, passkey: kept } = await userWithPasskey(app);
    const { accessToken } = session;
    const gone = await registerPasskey(app, accessToken, device(), "Old key");

    const response = await app.graphql(DELETE_PASSKEY, { id: gone.id }, { token: accessToken });

    expect(dataOf(response, "deletePasskey")).toBe(true);
    const listed = await app.graphql(PASSKEYS, {}, { token: accessToken });
    expect(dataOf<PasskeyData[]>(listed, "passkeys").map((p) => p.name)).toEqual([kept.name]);
  });

  it("ends every other session and mails a notice of the removal", async () => {
    const { session, passkey, user } = await userWithPasskey(app);
    const other = await login(app, user.email);
    const before = app.mailbox.sent.length;

    await app.graphql(DELETE_PASSKEY, { id: passkey.id }, { token: session.accessToken });

    expectInvalidToken(await app.graphql(ME, {}, { token: other.accessToken }));
    expect(dataOf(await app.graphql(ME, {}, { token: session.accessToken }), "me")).toMatchObject({
      id: user.id,
    });
    const mails = app.mailbox.sent.slice(before);
    expect(mails.map(({ to, subject }) => ({ to, subject }))).toEqual([
      { to: user.email, subject: "A second factor was removed from your account" },
    ]);
    expect(mails[0]?.text).not.toContain(passkey.id);
  });

  it("answers an id the caller has no passkey under BAD_USER_INPUT", async () => {
    const ada = await signUp(app);
    const bob = await userWithPasskey(app);
    const response = await app.graphql(
      DELETE_PASSKEY,
      { id: bob.passkey.id },
      { token: ada.accessToken },
    );
    expect(errorOf(response)).toEqual({
      code: "BAD_USER_INPUT",
      message: "You have no passkey with this id.",
    });
  });

  it("needs a recent sign-in", async () => {
    const { session, passkey } = await userWithPasskey(app);
    clock.advance(301_000);
    const response = await app.graphql(
      DELETE_PASSKEY,
      { id: passkey.id },
      { token: session.accessToken },
    );
    expect(errorOf(response).code).toBe("REAUTHENTICATION_REQUIRED");
  });
});
