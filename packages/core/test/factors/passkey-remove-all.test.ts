import { describe, expect, it } from "vitest";
import { expectGatehouseError } from "../support/errors.js";
import { passkeyFixture } from "./passkey-fixture.js";

// What an admin's removeSecondFactors leaves behind once the profile says 0 passkeys: nothing.

describe("removing every passkey of a user", () => {
  it("deletes the passkeys and their credential-id claims, and answers how many went", async () => {
    const { userWithPasskey, passkeys, stores, device } = await passkeyFixture();
    const { userId, passkey } = await userWithPasskey("ada@example.com");

    expect(await passkeys.removeAll(userId)).toBe(1);

    expect(await passkeys.list(userId)).toEqual([]);
    expect(await stores.passkeys.ownerOf(passkey.id)).toBeNull();
    await expectGatehouseError(
      passkeys.finishLogin(device.login(await passkeys.beginLogin())),
      "PASSKEY_INVALID",
      "The passkey could not be verified.",
    );
  });

  it("refuses a sign-in with a passkey still stored once the profile counts none (a removal cut short)", async () => {
    const { userWithPasskey, passkeys, stores, device, clock } = await passkeyFixture();
    const { userId } = await userWithPasskey("ada@example.com");
    const user = await stores.users.get(userId);
    if (user === null) throw new Error("no user");
    // What an admin's removal commits before it deletes anything: the count at 0.
    const committed = await stores.users.commitCredentialChange(userId, {
      from: user.credentialVersion,
      keepSession: null,
      now: clock.now(),
      secondFactors: { totp: false, passkeys: 0 },
    });
    expect(committed).toBe(true);
    expect(await passkeys.list(userId)).toHaveLength(1);

    await expectGatehouseError(
      passkeys.signIn(device.login(await passkeys.beginLogin()), null),
      "PASSKEY_INVALID",
      "The passkey could not be verified.",
    );
  });

  it("leaves other users' passkeys alone", async () => {
    const { userWithPasskey, passkeys } = await passkeyFixture();
    const ada = await userWithPasskey("ada@example.com");
    const bob = await userWithPasskey("bob@example.com");

    await passkeys.removeAll(ada.userId);

    expect(await passkeys.list(bob.userId)).toHaveLength(1);
  });

  it("answers 0 for a user without passkeys", async () => {
    const { signUp, passkeys } = await passkeyFixture();
    const { user } = await signUp("carol@example.com");
    expect(await passkeys.removeAll(user.id)).toBe(0);
  });
});
