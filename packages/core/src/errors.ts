/**
 * Every failure the domain reports, with its stable code. Codes are finer than the public
 * ones (`extensions.code`); the transport maps them in one table.
 */
export const ERROR_CODES = {
  /** No principal where one is needed. */
  NOT_AUTHENTICATED: "NOT_AUTHENTICATED",
  /** The principal lacks the role or ownership an operation needs. */
  FORBIDDEN: "FORBIDDEN",
  /** Wrong email or password (one code for both: no enumeration). */
  INVALID_CREDENTIALS: "INVALID_CREDENTIALS",
  /** Too many failed logins for this email in the window. */
  RATE_LIMITED: "RATE_LIMITED",
  /** The `Authorization` header is not a well-formed single bearer credential. */
  BAD_AUTHORIZATION_HEADER: "BAD_AUTHORIZATION_HEADER",
  /** The token cannot be parsed or uses a header the verifier refuses. */
  TOKEN_MALFORMED: "TOKEN_MALFORMED",
  /** The token's algorithm is not one of the configured ones. */
  TOKEN_ALG_NOT_ALLOWED: "TOKEN_ALG_NOT_ALLOWED",
  /** The signature does not verify with any configured key. */
  BAD_SIGNATURE: "BAD_SIGNATURE",
  /** The token is past `exp` (beyond the clock tolerance). */
  TOKEN_EXPIRED: "TOKEN_EXPIRED",
  /** A claim is missing or wrong (`iss`, `aud`, `typ`, `iat`, lifetime, …). */
  TOKEN_CLAIM_INVALID: "TOKEN_CLAIM_INVALID",
  /** The token verified but was revoked (jti, session, or per-user cutoff). */
  TOKEN_REVOKED: "TOKEN_REVOKED",
  /** A refresh token that is unknown, malformed, spent or expired. */
  REFRESH_TOKEN_INVALID: "REFRESH_TOKEN_INVALID",
  /** A refresh token that was already rotated was presented again: the session is ended. */
  REFRESH_TOKEN_REUSED: "REFRESH_TOKEN_REUSED",
  /** The email is not a valid address. */
  INVALID_EMAIL: "INVALID_EMAIL",
  /** The password breaks the policy (length in code points). */
  WEAK_PASSWORD: "WEAK_PASSWORD",
  /** Another account already uses this email. */
  EMAIL_TAKEN: "EMAIL_TAKEN",
  /** Sign-up is closed by configuration. */
  SIGNUP_CLOSED: "SIGNUP_CLOSED",
  /** Any other invalid argument (page size, cursor, role list). */
  INVALID_ARGUMENT: "INVALID_ARGUMENT",
  /** The store did not answer or failed; nothing about it is disclosed. */
  STORE_UNAVAILABLE: "STORE_UNAVAILABLE",
} as const;

/** A domain error code. */
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/**
 * The one error class of the domain. `message` is safe to show to a client: it never holds a
 * token, password, hash, table name or store message.
 */
export class GatehouseError extends Error {
  override readonly name = "GatehouseError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** True when `error` is a `GatehouseError`, optionally with one of `codes`. */
export function isGatehouseError(error: unknown, ...codes: ErrorCode[]): error is GatehouseError {
  return error instanceof GatehouseError && (codes.length === 0 || codes.includes(error.code));
}

/** The fixed message for every token that is not accepted, whatever the reason. */
export const INVALID_TOKEN_MESSAGE = "The access token is invalid, expired or revoked.";

/** Builds the error for a rejected access token; the code stays internal (logs, tests). */
export function invalidToken(code: ErrorCode, cause?: unknown): GatehouseError {
  return new GatehouseError(code, INVALID_TOKEN_MESSAGE, { cause });
}

/** Builds the error for any store failure: generic on purpose (fail closed, disclose nothing). */
export function storeUnavailable(cause?: unknown): GatehouseError {
  return new GatehouseError(
    ERROR_CODES.STORE_UNAVAILABLE,
    "The service is temporarily unavailable. Try again shortly.",
    { cause },
  );
}
