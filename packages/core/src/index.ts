// The public face of the domain, by capability. A name used only by core's own tests is not
// here: those tests import it from its module.

export type { AccountService } from "./accounts/account-service.js";
export type { EmailChangeService } from "./accounts/email-change-service.js";
export { isAdmin, type Principal } from "./accounts/principal.js";
export { systemClock, systemRandom } from "./clock.js";
export type { CredentialService } from "./credentials/credential-service.js";
export {
  LINK_LIFETIMES,
  linkTokenHash,
  linkUrl,
} from "./credentials/link-tokens.js";
export {
  type Argon2Parameters,
  argon2idHasher,
  OWASP_ARGON2ID,
  type PasswordHasher,
} from "./credentials/password-hasher.js";
export type { RecoveryService } from "./credentials/recovery-service.js";
export type { RequestSource } from "./credentials/source-limiter.js";
export type { AuthDeps, AuthHooks, AuthSettings } from "./deps.js";
export * from "./errors.js";
export {
  type AuthenticationResponseJSON,
  MAX_PASSKEYS,
  type PasskeyAmr,
  type PasskeyLogin,
  type PasskeyService,
  type PasskeySignIn,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from "./factors/passkeys/index.js";
export {
  PENDING_TOTP_MS,
  type SecondFactorService,
  type TotpEnrollment,
} from "./factors/second-factor-service.js";
export { NO_SECOND_FACTORS } from "./factors/second-factors.js";
export {
  generateTotpKey,
  openSecret,
  parseTotpKeys,
  sealSecret,
  type TotpKeyRing,
} from "./factors/secret-box.js";
export * from "./ids.js";
export type { Mail, MailMessage } from "./mail/mail.js";
export * from "./mail/templates.js";
export type * from "./ports.js";
export {
  ADMIN,
  createRoleSet,
  DEFAULT_ROLE_SET,
  DEFAULT_ROLES,
  ROLE_NAME,
  type Role,
  type RoleSet,
  USER,
} from "./roles.js";
export { type AuthServices, createAuthServices } from "./services.js";
export {
  type Acr,
  AMR_VALUES,
  type AmrValue,
  type Assurance,
  type AssuranceGates,
  assuranceGates,
  combinedAssurance,
  type GatePolicy,
  hasSecondFactor,
  legacyAssurance,
  passwordAssurance,
  withSecondFactor,
} from "./sessions/assurance.js";
export type { Authenticator } from "./sessions/authenticator.js";
export type { AuthResult } from "./sessions/issue.js";
export type { RevokedToken, SessionService, SessionView } from "./sessions/session-service.js";
export { isAccessTokenLive } from "./sessions/session-state.js";
export { type AccessTokenSettings, signAccessToken } from "./tokens/access-token.js";
export {
  type ExtraClaimsHook,
  extraClaimsFor,
  RESERVED_CLAIMS,
  ReservedClaimError,
  reservedClaimNames,
} from "./tokens/extra-claims.js";
export { parseRefreshToken } from "./tokens/refresh-token.js";
export {
  generateSigningJwk,
  loadSigningKeys,
  SIGNING_ALGORITHMS,
  type SigningAlgorithm,
  type SigningKeySet,
} from "./tokens/signing-keys.js";
