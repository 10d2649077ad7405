export {
  type AssertionKnobs,
  type CeremonyKnobs,
  type RegistrationKnobs,
  type SoftwareAuthenticator,
  type SoftwareAuthenticatorOptions,
  type SoftwareCredential,
  softwareAuthenticator,
} from "./software-authenticator.js";
