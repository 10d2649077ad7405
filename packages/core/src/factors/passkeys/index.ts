export type { PasskeyAmr, PasskeyLogin } from "./login.js";
export { MAX_PASSKEYS } from "./passkey-config.js";
export { createPasskeyService, type PasskeyService } from "./passkey-service.js";
export type { PasskeySignIn } from "./passkey-sign-in.js";
export type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "./webauthn-library.js";
