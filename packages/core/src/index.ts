export type { AccountService } from "./auth/accounts.js";
export { MAX_PAGE_SIZE } from "./auth/accounts.js";
export { ANONYMOUS_KEY } from "./auth/anonymous-limiter.js";
export type { Authenticator } from "./auth/authenticator.js";
export { MAX_AUTHORIZATION_LENGTH, parseBearer } from "./auth/bearer.js";
export type { CredentialService } from "./auth/credentials.js";
export type { AuthDeps, AuthSettings } from "./auth/deps.js";
export type { AuthResult } from "./auth/issue.js";
export { attemptKey, passwordChangeBudget, sourceAttemptKey } from "./auth/login-limiter.js";
export { isAdmin, type Principal } from "./auth/principal.js";
export { type AuthServices, createAuthServices } from "./auth/services.js";
export {
  MAX_SESSIONS_LISTED,
  type RevokedToken,
  type SessionService,
  type SessionView,
} from "./auth/sessions.js";
export {
  type RequestSource,
  sourceBucket,
  sourceBuckets,
  sourceBudgets,
  sourceKey,
} from "./auth/source-limiter.js";
export { systemClock, systemRandom } from "./clock.js";
export {
  ERROR_CODES,
  type ErrorCode,
  emailTaken,
  forbidden,
  GatehouseError,
  INVALID_TOKEN_MESSAGE,
  invalidArgument,
  invalidCredentials,
  invalidCursor,
  invalidEmail,
  invalidRefreshToken,
  invalidToken,
  isGatehouseError,
  lastAdmin,
  notSignedIn,
  rateLimited,
  refreshTokenReused,
  signUpClosed,
  storeUnavailable,
  unknownUser,
  weakPassword,
} from "./errors.js";
export * from "./ids.js";
export {
  type Argon2Parameters,
  argon2idHasher,
  OWASP_ARGON2ID,
  type PasswordHasher,
} from "./passwords/password-hasher.js";
export {
  acceptPassword,
  codePointLength,
  MAX_PASSWORD_LENGTH,
  normalizePassword,
} from "./passwords/password-policy.js";
export type * from "./ports.js";
export { isRole, normalizeRoles, ROLES, type Role } from "./roles.js";
export {
  accessTokensOutlive,
  cutoffsAt,
  isAccessTokenLive,
  isSessionLive,
} from "./sessions/session-state.js";
export {
  ACCESS_TOKEN_TYPE,
  type AccessClaims,
  type AccessTokenSettings,
  CLOCK_TOLERANCE_SECONDS,
  signAccessToken,
  verifyAccessToken,
} from "./tokens/access-token.js";
export { isCanonicalCompactJws } from "./tokens/compact-jws.js";
export { hashToken, mintRefreshToken, parseRefreshToken } from "./tokens/refresh-token.js";
export {
  generateSigningJwk,
  loadSigningKeys,
  SIGNING_ALGORITHMS,
  type SigningAlgorithm,
  type SigningKeySet,
} from "./tokens/signing-keys.js";
export {
  type AccessTokenVerifier,
  createAccessTokenVerifier,
  VERIFIED_TOKENS_REMEMBERED,
} from "./tokens/verified-tokens.js";
export { acceptEmail, findUserByEmail, parseEmail } from "./users/email.js";
