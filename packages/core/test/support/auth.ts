import {
  type AuthSettings,
  createAuthServices,
  generateTotpKey,
  loadSigningKeys,
  type Principal,
  parseTotpKeys,
  systemRandom,
} from "@gatehouse/core";
import {
  fastHasher,
  fixedClock,
  mailbox,
  memoryStores,
  TEST_SETTINGS,
  testSigningKeys,
} from "@gatehouse/testing";

/** A password that meets the policy. */
export const PASSWORD = "correct horse battery staple";

/** The auth services on memory stores and a fixed clock, with helpers to act as a user. */
export async function authFixture(settings: Partial<AuthSettings> = {}) {
  const stores = memoryStores();
  const clock = fixedClock();
  const keys = await loadSigningKeys(await testSigningKeys());
  const fullSettings = { ...TEST_SETTINGS, ...settings };
  const mail = mailbox();
  const totpKeys = parseTotpKeys(generateTotpKey("test"));
  const services = createAuthServices({
    stores,
    keys,
    hasher: fastHasher(),
    settings: fullSettings,
    clock,
    random: systemRandom,
    mail,
    totpKeys,
  });

  /** The principal of an access token, failing the test when it does not authenticate. */
  async function principalOf(accessToken: string): Promise<Principal> {
    const principal = await services.authenticator.authenticate(`Bearer ${accessToken}`);
    if (principal === null) throw new Error("expected a principal");
    return principal;
  }

  /** Signs up a user and returns its first token pair and principal. */
  async function signUp(email: string, password = PASSWORD) {
    const result = await services.credentials.signUp(email, password);
    return { ...result, principal: await principalOf(result.accessToken) };
  }

  /** Makes an admin and signs it in. */
  async function admin(email = "admin@example.com") {
    await services.credentials.ensureAdmin(email, PASSWORD);
    const result = await services.credentials.login(email, PASSWORD);
    return { ...result, principal: await principalOf(result.accessToken) };
  }

  return {
    stores,
    clock,
    keys,
    settings: fullSettings,
    services,
    principalOf,
    signUp,
    admin,
    mail,
    totpKeys,
  };
}
