import { ERROR_CODES, MAX_PASSKEYS } from "@gatehouse/core";
import { softwareAuthenticator } from "@gatehouse/testing";
import { describe, expect, it } from "vitest";
import { expectGatehouseError } from "../support/errors.js";
import { ORIGIN, passkeyFixture } from "./passkey-fixture.js";

const UNVERIFIED = "The passkey registration could not be verified. Try again.";

describe("passkey registration", () => {
  it("offers options for a discoverable, user-verified credential of the configured relying party", async () => {
    const { signUp, passkeys } = await passkeyFixture();
    const { user } = await signUp("ada@example.com");

    const options = await passkeys.beginRegistration(user.id);

    expect(options.rp).toEqual({ id: "gatehouse.test", name: "gatehouse.test" });
    expect(options.user.name).toBe("ada@example.com");
    expect(options.authenticatorSelection).toMatchObject({
      residentKey: "required",
      userVerification: "required",
    });
    expect(options.attestation).toBe("none");
    expect(options.challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it("stores the passkey, counts it on the profile and keeps only the registering session", async () => {
    const { signUp, passkeys, device, services, principalOf, stores } = await passkeyFixture();
    const first = await signUp("ada@example.com");
    const other = await services.credentials.login(
      "ada@example.com",
      "correct horse battery staple",
    );

    const options = await passkeys.beginRegistration(first.user.id);
    const passkey = await passkeys.finishRegistration(
      first.user.id,
      device.register(options),
      "  My laptop ",
      first.sessionId,
    );

    expect(passkey).toMatchObject({
      userId: first.user.id,
      id: device.credentials[0]?.id,
      name: "My laptop",
      counter: 0,
      deviceType: "multiDevice",
      backedUp: true,
      lastUsedAt: null,
    });
    expect(await passkeys.list(first.user.id)).toEqual([passkey]);
    expect((await stores.users.get(first.user.id))?.secondFactors).toEqual({
      totp: false,
      passkeys: 1,
    });
    await expect(principalOf(first.accessToken)).resolves.toMatchObject({ userId: first.user.id });
    await expectGatehouseError(principalOf(other.accessToken), ERROR_CODES.TOKEN_REVOKED);
  });

  it("excludes the user's passkeys from the next registration", async () => {
    const { userWithPasskey, passkeys } = await passkeyFixture();
    const { userId, passkey } = await userWithPasskey("ada@example.com");

    const options = await passkeys.beginRegistration(userId);

    expect(options.excludeCredentials?.map((d) => d.id)).toEqual([passkey.id]);
  });

  it.each([
    ["from an origin that is not configured", { origin: "https://evil.test" }],
    ["for another relying party id", { rpId: "evil.test" }],
    ["without user presence", { userPresent: false }],
    ["without user verification", { userVerified: false }],
    ["as a login response", { type: "webauthn.get" }],
  ])("refuses a registration %s", async (_, knobs) => {
    const { signUp, passkeys, device } = await passkeyFixture();
    const { user, sessionId } = await signUp("ada@example.com");
    const options = await passkeys.beginRegistration(user.id);

    await expectGatehouseError(
      passkeys.finishRegistration(user.id, device.register(options, knobs), undefined, sessionId),
      ERROR_CODES.INVALID_ARGUMENT,
      UNVERIFIED,
    );
    expect(await passkeys.list(user.id)).toEqual([]);
  });

  it("refuses a registration begun by another user", async () => {
    const { signUp, passkeys, device } = await passkeyFixture();
    const ada = await signUp("ada@example.com");
    const bob = await signUp("bob@example.com");
    const options = await passkeys.beginRegistration(ada.user.id);

    await expectGatehouseError(
      passkeys.finishRegistration(bob.user.id, device.register(options), undefined, bob.sessionId),
      ERROR_CODES.INVALID_ARGUMENT,
      UNVERIFIED,
    );
  });

  it("refuses a challenge used once already, or expired", async () => {
    const { signUp, passkeys, device, clock } = await passkeyFixture();
    const { user, sessionId } = await signUp("ada@example.com");
    const used = await passkeys.beginRegistration(user.id);
    const response = device.register(used);
    await passkeys.finishRegistration(user.id, response, undefined, sessionId);
    const late = await passkeys.beginRegistration(user.id);
    clock.advance(5 * 60_000);

    for (const attempt of [response, softwareAuthenticator({ origin: ORIGIN }).register(late)]) {
      await expectGatehouseError(
        passkeys.finishRegistration(user.id, attempt, undefined, sessionId),
        ERROR_CODES.INVALID_ARGUMENT,
        UNVERIFIED,
      );
    }
  });

  it("refuses a credential another user registered", async () => {
    const { userWithPasskey, signUp, passkeys, device } = await passkeyFixture();
    await userWithPasskey("ada@example.com");
    const bob = await signUp("bob@example.com");
    const options = await passkeys.beginRegistration(bob.user.id);
    const taken = device.credentials[0]?.id ?? "";
    const response = device.register(options, { credentialId: taken });

    await expectGatehouseError(
      passkeys.finishRegistration(bob.user.id, response, undefined, bob.sessionId),
      ERROR_CODES.INVALID_ARGUMENT,
      "This passkey is already registered.",
    );
    expect(await passkeys.list(bob.user.id)).toEqual([]);
  });

  it("refuses a name that is empty, too long or holds control characters", async () => {
    const { signUp, passkeys, device } = await passkeyFixture();
    const { user, sessionId } = await signUp("ada@example.com");

    for (const name of [" ", "x".repeat(65), "bad\u0000name"]) {
      const options = await passkeys.beginRegistration(user.id);
      await expectGatehouseError(
        passkeys.finishRegistration(user.id, device.register(options), name, sessionId),
        ERROR_CODES.INVALID_ARGUMENT,
        "A passkey name must be 1 to 64 characters, without control characters.",
      );
    }
  });

  it(`stops at ${MAX_PASSKEYS} passkeys`, async () => {
    const { signUp, passkeys } = await passkeyFixture();
    const { user, sessionId } = await signUp("ada@example.com");
    for (let i = 0; i < MAX_PASSKEYS; i++) {
      const options = await passkeys.beginRegistration(user.id);
      const device = softwareAuthenticator({ origin: ORIGIN });
      await passkeys.finishRegistration(user.id, device.register(options), `Key ${i}`, sessionId);
    }

    await expectGatehouseError(
      passkeys.beginRegistration(user.id),
      ERROR_CODES.INVALID_ARGUMENT,
      "You have as many passkeys as an account may have: delete one first.",
    );
  });
});

describe("passkey deletion", () => {
  it("deletes a passkey, lowers the count and keeps only the deleting session", async () => {
    const { userWithPasskey, passkeys, stores, services, principalOf } = await passkeyFixture();
    const { userId, passkey, sessionId, accessToken } = await userWithPasskey("ada@example.com");
    const other = await services.credentials.login(
      "ada@example.com",
      "correct horse battery staple",
    );

    await passkeys.delete(userId, passkey.id, sessionId);

    expect(await passkeys.list(userId)).toEqual([]);
    expect(await stores.passkeys.ownerOf(passkey.id)).toBeNull();
    expect((await stores.users.get(userId))?.secondFactors.passkeys).toBe(0);
    await expect(principalOf(accessToken)).resolves.toMatchObject({ userId });
    await expectGatehouseError(principalOf(other.accessToken), ERROR_CODES.TOKEN_REVOKED);
  });

  it("refuses to delete a passkey the user does not have", async () => {
    const { userWithPasskey, signUp, passkeys } = await passkeyFixture();
    const { passkey } = await userWithPasskey("ada@example.com");
    const bob = await signUp("bob@example.com");

    await expectGatehouseError(
      passkeys.delete(bob.user.id, passkey.id, bob.sessionId),
      ERROR_CODES.INVALID_ARGUMENT,
      "You have no passkey with this id.",
    );
  });
});
