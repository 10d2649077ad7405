import { ERROR_CODES, systemRandom } from "@gatehouse/core";
import { fastHasher, softwareAuthenticator } from "@gatehouse/testing";
import { describe, expect, it } from "vitest";
import { createPasskeyService } from "../../src/factors/passkeys/index.js";
import { expectGatehouseError } from "../support/errors.js";
import { ORIGIN, passkeyFixture } from "./passkey-fixture.js";

const REFUSED = "The passkey could not be verified.";

describe("passkey login", () => {
  it("signs in a user-verified synced passkey with amr swk and user, and records the use", async () => {
    const { userWithPasskey, passkeys, device, clock } = await passkeyFixture();
    const { userId, passkey } = await userWithPasskey("ada@example.com");
    clock.advance(60_000);

    const options = await passkeys.beginLogin();
    const login = await passkeys.finishLogin(device.login(options));

    expect(options.allowCredentials ?? []).toEqual([]);
    expect(options.userVerification).toBe("required");
    expect(login).toEqual({
      userId,
      passkeyId: passkey.id,
      amr: ["swk", "user"],
      userVerified: true,
    });
    expect(await passkeys.list(userId)).toEqual([
      { ...passkey, counter: 1, lastUsedAt: clock.now() },
    ]);
  });

  it("gives a single-device passkey amr hwk", async () => {
    const { userWithPasskey, passkeys } = await passkeyFixture();
    const device = softwareAuthenticator({ origin: ORIGIN, synced: false });
    await userWithPasskey("ada@example.com", device);

    const login = await passkeys.finishLogin(device.login(await passkeys.beginLogin()));

    expect(login.amr).toEqual(["hwk", "user"]);
  });

  it("lists the user's passkeys for a login begun with an email, and signs in with one", async () => {
    const { userWithPasskey, passkeys, device } = await passkeyFixture();
    const { userId, passkey } = await userWithPasskey("ada@example.com");

    const options = await passkeys.beginLogin(" Ada@Example.com ");
    const login = await passkeys.finishLogin(device.login(options));

    expect(options.allowCredentials?.map((d) => d.id)).toEqual([passkey.id]);
    expect(login.userId).toBe(userId);
  });

  it("answers an unknown email like a known one, with a stable decoy", async () => {
    const { userWithPasskey, passkeys } = await passkeyFixture();
    const { passkey } = await userWithPasskey("ada@example.com");

    const known = await passkeys.beginLogin("ada@example.com");
    const unknown = await passkeys.beginLogin("nobody@example.com");
    const again = await passkeys.beginLogin("nobody@example.com");

    expect(Object.keys(unknown).sort()).toEqual(Object.keys(known).sort());
    expect(unknown.allowCredentials).toHaveLength(1);
    expect(unknown.allowCredentials?.[0]?.id).not.toBe(passkey.id);
    expect(unknown.allowCredentials?.[0]?.id).toHaveLength(passkey.id.length);
    expect(again.allowCredentials).toEqual(unknown.allowCredentials);
  });

  it("answers an unknown email the same decoy from every container holding the same keys", async () => {
    const { passkeys, stores, clock, settings, keys, mail, totpKeys } = await passkeyFixture();
    // Another container: its own services, the same stores and secrets.
    const other = createPasskeyService({
      stores,
      keys,
      hasher: fastHasher(),
      settings,
      clock,
      random: systemRandom,
      mail,
      totpKeys,
    });

    const here = await passkeys.beginLogin("nobody@example.com");
    const there = await other.beginLogin("nobody@example.com");

    expect(there.allowCredentials).toEqual(here.allowCredentials);
  });

  it.each([
    ["from an origin that is not configured", { origin: "https://evil.test" }],
    ["for another relying party id", { rpId: "evil.test" }],
    ["without user presence", { userPresent: false }],
    ["without user verification", { userVerified: false }],
    ["as a registration response", { type: "webauthn.create" }],
    ["with a challenge that was never handed out", { challenge: "bm90LWEtY2hhbGxlbmdlLWF0LWFsbA" }],
    ["with another user's handle", { userHandle: "c29tZW9uZS1lbHNl" }],
  ])("refuses an assertion %s", async (_, knobs) => {
    const { userWithPasskey, passkeys, device } = await passkeyFixture();
    await userWithPasskey("ada@example.com");

    await expectGatehouseError(
      passkeys.finishLogin(device.login(await passkeys.beginLogin(), knobs)),
      ERROR_CODES.PASSKEY_INVALID,
      REFUSED,
    );
  });

  it("refuses a challenge used once already", async () => {
    const { userWithPasskey, passkeys, device } = await passkeyFixture();
    await userWithPasskey("ada@example.com");
    const options = await passkeys.beginLogin();
    await passkeys.finishLogin(device.login(options));

    await expectGatehouseError(
      passkeys.finishLogin(device.login(options)),
      ERROR_CODES.PASSKEY_INVALID,
      REFUSED,
    );
  });

  it("lets one of two logins with the same challenge through", async () => {
    const { userWithPasskey, passkeys, device } = await passkeyFixture();
    await userWithPasskey("ada@example.com");
    const options = await passkeys.beginLogin();
    const first = device.login(options);
    const second = device.login(options);

    const results = await Promise.allSettled([
      passkeys.finishLogin(first),
      passkeys.finishLogin(second),
    ]);

    expect(results.map((result) => result.status).sort()).toEqual(["fulfilled", "rejected"]);
  });

  it("refuses an expired challenge", async () => {
    const { userWithPasskey, passkeys, device, clock } = await passkeyFixture();
    await userWithPasskey("ada@example.com");
    const options = await passkeys.beginLogin();
    clock.advance(5 * 60_000);

    await expectGatehouseError(
      passkeys.finishLogin(device.login(options)),
      ERROR_CODES.PASSKEY_INVALID,
      REFUSED,
    );
  });

  it("refuses a registration challenge for a login", async () => {
    const { userWithPasskey, passkeys, device } = await passkeyFixture();
    const { userId } = await userWithPasskey("ada@example.com");
    const registration = await passkeys.beginRegistration(userId);

    await expectGatehouseError(
      passkeys.finishLogin(
        device.login({ challenge: registration.challenge, rpId: "gatehouse.test" }),
      ),
      ERROR_CODES.PASSKEY_INVALID,
      REFUSED,
    );
  });

  it("refuses another user's passkey for a login begun with an email", async () => {
    const { userWithPasskey, passkeys } = await passkeyFixture();
    await userWithPasskey("ada@example.com");
    const bobs = softwareAuthenticator({ origin: ORIGIN });
    await userWithPasskey("bob@example.com", bobs);

    const options = await passkeys.beginLogin("ada@example.com");

    await expectGatehouseError(
      passkeys.finishLogin(bobs.login({ ...options, allowCredentials: [] })),
      ERROR_CODES.PASSKEY_INVALID,
      REFUSED,
    );
  });

  it("refuses a passkey signed by a key that is not the registered one", async () => {
    const { userWithPasskey, passkeys, device } = await passkeyFixture();
    const { passkey } = await userWithPasskey("ada@example.com");
    const impostor = softwareAuthenticator({ origin: ORIGIN });
    impostor.register({
      challenge: "AAAAAAAAAAAAAAAAAAAAAA",
      rp: { id: "gatehouse.test", name: "x" },
      user: { id: device.credentials[0]?.userHandle ?? "", name: "x", displayName: "x" },
      pubKeyCredParams: [{ type: "public-key", alg: -7 }],
    });

    await expectGatehouseError(
      passkeys.finishLogin(impostor.login(await passkeys.beginLogin(), { responseId: passkey.id })),
      ERROR_CODES.PASSKEY_INVALID,
      REFUSED,
    );
  });

  it("refuses a deleted passkey", async () => {
    const { userWithPasskey, passkeys, device } = await passkeyFixture();
    const { userId, passkey, sessionId } = await userWithPasskey("ada@example.com");
    await passkeys.delete(userId, passkey.id, sessionId);

    await expectGatehouseError(
      passkeys.finishLogin(device.login(await passkeys.beginLogin())),
      ERROR_CODES.PASSKEY_INVALID,
      REFUSED,
    );
  });

  it("refuses a counter that goes backwards or stands still, and tells it apart for audit", async () => {
    const { userWithPasskey, passkeys, device } = await passkeyFixture();
    await userWithPasskey("ada@example.com");
    await passkeys.finishLogin(device.login(await passkeys.beginLogin(), { counter: 7 }));

    for (const counter of [7, 3]) {
      await expectGatehouseError(
        passkeys.finishLogin(device.login(await passkeys.beginLogin(), { counter })),
        ERROR_CODES.PASSKEY_COUNTER_REPLAYED,
        REFUSED,
      );
    }
    await expect(
      passkeys.finishLogin(device.login(await passkeys.beginLogin(), { counter: 8 })),
    ).resolves.toMatchObject({ userVerified: true });
  });

  it("accepts an authenticator that keeps no counter", async () => {
    const { userWithPasskey, passkeys, device } = await passkeyFixture();
    const { userId } = await userWithPasskey("ada@example.com");

    for (let i = 0; i < 2; i++) {
      const login = await passkeys.finishLogin(
        device.login(await passkeys.beginLogin(), { counter: 0 }),
      );
      expect(login.userId).toBe(userId);
    }
  });

  it("refuses a response with no challenge or no credential id", async () => {
    const { passkeys } = await passkeyFixture();

    for (const response of [null, {}, { id: "abc", rawId: "abd", response: {} }]) {
      await expectGatehouseError(
        passkeys.finishLogin(response),
        ERROR_CODES.PASSKEY_INVALID,
        REFUSED,
      );
    }
  });

  it("limits failures per user, then refuses even a good passkey with RATE_LIMITED", async () => {
    const { userWithPasskey, passkeys, device, settings, clock } = await passkeyFixture();
    await userWithPasskey("ada@example.com");
    for (let i = 0; i < settings.loginMaxFailures; i++) {
      await expectGatehouseError(
        passkeys.finishLogin(device.login(await passkeys.beginLogin(), { userVerified: false })),
        ERROR_CODES.PASSKEY_INVALID,
      );
    }

    await expectGatehouseError(
      passkeys.finishLogin(device.login(await passkeys.beginLogin())),
      ERROR_CODES.RATE_LIMITED,
      "Too many failed passkey sign-ins. Try again later.",
    );
    clock.advance(settings.loginWindowSeconds * 1000);
    await expect(
      passkeys.finishLogin(device.login(await passkeys.beginLogin())),
    ).resolves.toMatchObject({ userVerified: true });
  });

  it("does not count a successful login as a failure", async () => {
    const { userWithPasskey, passkeys, device, settings } = await passkeyFixture();
    await userWithPasskey("ada@example.com");

    for (let i = 0; i <= settings.loginMaxFailures; i++) {
      await passkeys.finishLogin(device.login(await passkeys.beginLogin()));
    }
  });
});
