// The WebAuthn JSON types, as the Level 3 spec names them; types only, so nothing loads.
export type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@simplewebauthn/server";

type Library = typeof import("@simplewebauthn/server");
let library: Promise<Library> | undefined;

/**
 * @simplewebauthn/server, loaded at the first passkey ceremony: it (with its ASN.1 and X.509
 * dependencies) would otherwise load with every cold start of the GraphQL handler, which
 * passkeys are not on.
 */
export function webauthn(): Promise<Library> {
  library ??= import("@simplewebauthn/server");
  return library;
}
