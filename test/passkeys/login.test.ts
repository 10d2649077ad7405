import { fixedClock } from "@gatehouse/testing";
import { type CapturedLogs, captureLogs, type TestApp } from "@gatehouse/testing/http";
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  dataOf,
  dynamoApp,
  errorOf,
  login,
  ME,
  SESSIONS,
  signInAsAdmin,
  signUp,
} from "../support/gql.js";
import {
  assuranceOf,
  beginLogin,
  DELETE_PASSKEY,
  device,
  finishLogin,
  PASSKEY_REFUSED,
  PASSKEYS,
  type PasskeyData,
  passkeyLogin,
  userWithPasskey,
} from "../support/passkeys.js";
import { expectInvalidToken } from "../support/tokens.js";

// Signing in with a passkey (issue 15; the contract's v2 "Precisions" and "Errors"): a
// user-verified passkey is aal2 on its own; it also completes a password sign-in held at aal1.
// Every refusal answers alike; the counter going backwards is told apart in the audit only.

const START = Date.UTC(2026, 2, 1, 9);
const START_S = START / 1000;
const clock = fixedClock(START);
let app: TestApp;

beforeAll(async () => {
  app = await dynamoApp({ clock, env: { GATEHOUSE_LOGIN_MAX_FAILURES: "3" } });
});
beforeEach(() => clock.set(START));

describe("passkey login", () => {
  it("signs in with a discoverable passkey, no email given, at aal2 with amr swk user mfa", async () => {
    const { user, authenticator } = await userWithPasskey(app);
    clock.advance(60_000);
    const options = await beginLogin(app);
    expect(options.allowCredentials ?? []).toEqual([]);
    expect(options.userVerification).toBe("required");

    const payload = dataOf<{ accessToken: string; user: { id: string } }>(
      await finishLogin(app, authenticator.login(options)),
      "finishPasskeyLogin",
    );

    expect(payload.user.id).toBe(user.id);
    expect(assuranceOf(payload.accessToken)).toEqual({
      auth_time: START_S + 60,
      acr: "aal2",
      amr: ["swk", "user", "mfa"],
    });
    expect(dataOf(await app.graphql(ME, {}, { token: payload.accessToken }), "me")).toMatchObject({
      id: user.id,
    });
  });

  it("signs in with an email, offering that user's passkeys", async () => {
    const { user, passkey, authenticator } = await userWithPasskey(app);
    const options = await beginLogin(app, user.email.toUpperCase());
    expect(options.allowCredentials?.map((d) => d.id)).toEqual([passkey.id]);
    const payload = dataOf<{ user: { id: string } }>(
      await finishLogin(app, authenticator.login(options)),
      "finishPasskeyLogin",
    );
    expect(payload.user.id).toBe(user.id);
  });

  it("gives a single-device passkey amr hwk", async () => {
    const { session } = await userWithPasskey(app, device(false));
    expect(assuranceOf(session.accessToken).amr).toEqual(["hwk", "user", "mfa"]);
  });

  it("records the passkey's last use", async () => {
    const { authenticator } = await userWithPasskey(app);
    clock.advance(5000);
    const session = await passkeyLogin(app, authenticator);
    const listed = await app.graphql(PASSKEYS, {}, { token: session.accessToken });
    expect(dataOf<PasskeyData[]>(listed, "passkeys")[0]?.lastUsedAt).toBe(
      new Date(START + 5000).toISOString(),
    );
  });

  it("completes a password login held at aal1: that session ends, the new one is aal2 with both methods", async () => {
    const { user, authenticator } = await userWithPasskey(app);
    clock.advance(30_000);
    const aal1 = await login(app, user.email);
    expect(errorOf(await app.graphql(PASSKEYS, {}, { token: aal1.accessToken })).code).toBe(
      "MFA_REQUIRED",
    );
    clock.advance(10_000);

    const response = authenticator.login(await beginLogin(app, user.email));
    const payload = dataOf<{ accessToken: string; refreshToken: string }>(
      await finishLogin(app, response, { token: aal1.accessToken }),
      "finishPasskeyLogin",
    );

    expect(assuranceOf(payload.accessToken)).toEqual({
      auth_time: START_S + 40,
      acr: "aal2",
      amr: ["pwd", "swk", "user", "mfa"],
    });
    expectInvalidToken(await app.graphql(ME, {}, { token: aal1.accessToken }));
    expect(
      dataOf(await app.graphql(PASSKEYS, {}, { token: payload.accessToken }), "passkeys"),
    ).toHaveLength(1);
  });

  it("refuses another user's passkey sent with an aal1 token, and changes nothing", async () => {
    const ada = await userWithPasskey(app);
    const bob = await userWithPasskey(app);
    const aal1 = await login(app, ada.user.email);
    const options = await beginLogin(app);
    const response = bob.authenticator.login(options);

    expect(errorOf(await finishLogin(app, response, { token: aal1.accessToken }))).toEqual(
      PASSKEY_REFUSED,
    );
    // Ada's aal1 session lives on; Bob's challenge and counter were not spent.
    expect(dataOf(await app.graphql(ME, {}, { token: aal1.accessToken }), "me")).toMatchObject({
      id: ada.user.id,
    });
    const payload = dataOf<{ user: { id: string } }>(
      await finishLogin(app, response),
      "finishPasskeyLogin",
    );
    expect(payload.user.id).toBe(bob.user.id);
  });

  it("answers a disabled user ACCOUNT_DISABLED once the assertion verified", async () => {
    const { user, authenticator } = await userWithPasskey(app);
    const admin = await signInAsAdmin(app);
    dataOf(
      await app.graphql(
        "mutation Off($userId: ID!) { setDisabled(userId: $userId, disabled: true) { id } }",
        { userId: user.id },
        { token: admin.accessToken },
      ),
      "setDisabled",
    );
    const wrong = authenticator.login(await beginLogin(app), { origin: "https://evil.test" });
    expect(errorOf(await finishLogin(app, wrong))).toEqual(PASSKEY_REFUSED);
    const response = await finishLogin(app, authenticator.login(await beginLogin(app)));
    expect(errorOf(response)).toEqual({
      code: "ACCOUNT_DISABLED",
      message: "This account is disabled.",
    });
  });
});

describe("refused passkey logins", () => {
  it("refuses a passkey an admin removed with every other factor, and lists none", async () => {
    const { user, authenticator } = await userWithPasskey(app);
    const admin = await signInAsAdmin(app);
    dataOf(
      await app.graphql(
        "mutation Remove($userId: ID!) { removeSecondFactors(userId: $userId) { id } }",
        { userId: user.id },
        { token: admin.accessToken },
      ),
      "removeSecondFactors",
    );
    const response = await finishLogin(app, authenticator.login(await beginLogin(app)));
    expect(errorOf(response)).toEqual(PASSKEY_REFUSED);
    const { accessToken } = await login(app, user.email);
    expect(dataOf(await app.graphql(PASSKEYS, {}, { token: accessToken }), "passkeys")).toEqual([]);
  });

  it.each([
    ["from an origin that is not configured", { origin: "https://evil.test" }],
    ["for another relying party id", { rpId: "evil.test" }],
    ["without user verification", { userVerified: false }],
    ["without user presence", { userPresent: false }],
    ["signed over a challenge never handed out", { challenge: "bm90LWEtY2hhbGxlbmdlLWF0LWFsbA" }],
  ])("refuses an assertion %s", async (_, knobs) => {
    const { authenticator } = await userWithPasskey(app);
    const response = authenticator.login(await beginLogin(app), knobs);
    expect(errorOf(await finishLogin(app, response))).toEqual(PASSKEY_REFUSED);
  });

  it("checks the configured origin whatever Origin and Host headers the request carries", async () => {
    const { authenticator } = await userWithPasskey(app);
    const evil = "https://evil.test";
    const response = authenticator.login(await beginLogin(app), { origin: evil });
    const answer = await finishLogin(app, response, {
      headers: { origin: evil, host: "evil.test" },
    });
    expect(errorOf(answer)).toEqual(PASSKEY_REFUSED);
  });

  it("refuses a challenge used once already", async () => {
    const { authenticator } = await userWithPasskey(app);
    const options = await beginLogin(app);
    dataOf(await finishLogin(app, authenticator.login(options)), "finishPasskeyLogin");
    const replay = authenticator.login(options);
    expect(errorOf(await finishLogin(app, replay))).toEqual(PASSKEY_REFUSED);
  });

  it("refuses the same response sent twice", async () => {
    const { authenticator } = await userWithPasskey(app);
    const response = authenticator.login(await beginLogin(app));
    dataOf(await finishLogin(app, response), "finishPasskeyLogin");
    expect(errorOf(await finishLogin(app, response))).toEqual(PASSKEY_REFUSED);
  });

  it("refuses a challenge older than 5 minutes", async () => {
    const { authenticator } = await userWithPasskey(app);
    const options = await beginLogin(app);
    clock.advance(5 * 60_000 + 1);
    expect(errorOf(await finishLogin(app, authenticator.login(options)))).toEqual(PASSKEY_REFUSED);
  });

  it("refuses a login begun for one user and answered with another's passkey", async () => {
    const ada = await userWithPasskey(app);
    const bob = await userWithPasskey(app);
    const options = await beginLogin(app, ada.user.email);
    const response = bob.authenticator.login(options, {
      credentialId: bob.passkey.id,
    });
    expect(errorOf(await finishLogin(app, response))).toEqual(PASSKEY_REFUSED);
  });

  it("refuses a credential id swapped for another user's", async () => {
    const ada = await userWithPasskey(app);
    const bob = await userWithPasskey(app);
    const response = ada.authenticator.login(await beginLogin(app), {
      responseId: bob.passkey.id,
    });
    expect(errorOf(await finishLogin(app, response))).toEqual(PASSKEY_REFUSED);
  });

  it("refuses a deleted passkey", async () => {
    const { session, passkey, authenticator } = await userWithPasskey(app);
    await app.graphql(DELETE_PASSKEY, { id: passkey.id }, { token: session.accessToken });
    const response = authenticator.login(await beginLogin(app));
    expect(errorOf(await finishLogin(app, response))).toEqual(PASSKEY_REFUSED);
  });

  it("answers RATE_LIMITED once a user's failures reach the limit, even for a right assertion", async () => {
    const { authenticator } = await userWithPasskey(app);
    for (let i = 0; i < 3; i++) {
      const wrong = authenticator.login(await beginLogin(app), { origin: "https://evil.test" });
      expect(errorOf(await finishLogin(app, wrong))).toEqual(PASSKEY_REFUSED);
    }
    const right = authenticator.login(await beginLogin(app));
    expect(errorOf(await finishLogin(app, right))).toEqual({
      code: "RATE_LIMITED",
      message: "Too many failed passkey sign-ins. Try again later.",
    });
  });
});

describe("a signature counter that does not increase", () => {
  let logs: CapturedLogs;
  beforeEach(() => {
    app.runtime.telemetry.logger.setLogLevel("INFO");
    logs = captureLogs();
  });
  afterEach(() => logs.restore());

  it("refuses the login like any refused passkey, and audits it with PASSKEY_COUNTER_REPLAYED", async () => {
    const { user, authenticator } = await userWithPasskey(app);
    // The counter stands at 1 after the first login; a clone replays an older value.
    const response = authenticator.login(await beginLogin(app), { counter: 1 });
    const answer = await finishLogin(app, response);
    logs.restore();

    expect(errorOf(answer)).toEqual(PASSKEY_REFUSED);
    const audits = logs.records().filter((record) => record.message === "passkey_login.refused");
    expect(audits.map((record) => record.audit)).toEqual([
      { type: "passkey_login.refused", reason: "PASSKEY_COUNTER_REPLAYED" },
    ]);
    expect(logs.lines().join("\n")).not.toContain(user.email);
  });
});

describe("sessions after passkey changes", () => {
  it("lists the passkey session as the caller's current one", async () => {
    const { session } = await userWithPasskey(app);
    const sessions = dataOf<{ current: boolean }[]>(
      await app.graphql(SESSIONS, {}, { token: session.accessToken }),
      "sessions",
    );
    expect(sessions.filter((s) => s.current)).toHaveLength(1);
  });

  it("signs up without a passkey at aal1, untouched by the passkey fields", async () => {
    const { accessToken } = await signUp(app);
    expect(assuranceOf(accessToken).acr).toBe("aal1");
  });
});
