// The domain fakes: nothing here reaches @gatehouse/functions, so core's unit tests stay free
// of the GraphQL stack. The HTTP test app and the Lambda events are at `@gatehouse/testing/http`.
export { fixedClock, type TestClock } from "./clock.js";
export { countingHasher, fastHasher } from "./hashers.js";
export { testSigningKeys } from "./keys.js";
export { type Mailbox, mailbox } from "./mailbox.js";
export { memoryStores } from "./memory-stores.js";
export { TEST_SETTINGS } from "./settings.js";
export { describeStoreContract } from "./store-contract.js";
export {
  type AssertionKnobs,
  type CeremonyKnobs,
  type RegistrationKnobs,
  type SoftwareAuthenticator,
  type SoftwareAuthenticatorOptions,
  type SoftwareCredential,
  softwareAuthenticator,
} from "./webauthn/software-authenticator.js";
