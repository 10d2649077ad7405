import { softwareAuthenticator } from "@gatehouse/testing";
import { authFixture } from "../support/auth.js";

/** The origin the test settings allow passkey ceremonies from. */
export const ORIGIN = "https://gatehouse.test";

/** The auth services, a signed-up user and a software authenticator on the allowed origin. */
export async function passkeyFixture(options: { synced?: boolean } = {}) {
  const auth = await authFixture();
  const device = softwareAuthenticator({ origin: ORIGIN, synced: options.synced ?? true });
  const { passkeys } = auth.services;

  /** Signs up `email` and registers one passkey on `authenticator` from that session. */
  async function userWithPasskey(email: string, authenticator = device) {
    const signedUp = await auth.signUp(email);
    const userId = signedUp.user.id;
    const options = await passkeys.beginRegistration(userId);
    const passkey = await passkeys.finishRegistration(
      userId,
      authenticator.register(options),
      "Laptop",
      signedUp.sessionId,
    );
    return { ...signedUp, userId, passkey };
  }

  return { ...auth, device, passkeys, userWithPasskey };
}
