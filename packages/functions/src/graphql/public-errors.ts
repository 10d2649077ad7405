import {
  type ErrorCode,
  GatehouseError,
  INVALID_TOKEN_MESSAGE,
  isGatehouseError,
} from "@gatehouse/core";
import type { MutationOutcome } from "../observability/audit.js";

// The one table of what each failure looks like from outside. Plain data with no GraphQL
// import, so the gateway authorizers read it without bundling a GraphQL server.

/** The codes a client sees in `errors[].extensions.code` for a domain error. */
export type PublicCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "RATE_LIMITED"
  | "BAD_USER_INPUT"
  | "INTERNAL_SERVER_ERROR"
  | "MAIL_UNAVAILABLE"
  | "ACCOUNT_DISABLED"
  | "MFA_REQUIRED"
  | "REAUTHENTICATION_REQUIRED"
  | "EMAIL_NOT_VERIFIED";

/** What one domain code becomes at the edge. */
export interface PublicError {
  /** `errors[].extensions.code`. */
  readonly code: PublicCode;
  /**
   * The HTTP status of a response that carries it: 200 for a field error (the field is null,
   * the rest stands); 401 for a rejected access token, with RFC 6750's challenge and no data
   * (audited as `token.rejected`); 503 for a store failure, so clients retry.
   */
  readonly status: 200 | 401 | 503;
  /** The message the client sees instead of the domain's; absent: the domain's own. */
  readonly message?: string;
  /** How a mutation that fails with it is audited (`<subject>.<outcome>`). */
  readonly outcome: MutationOutcome;
}

/** The message of every unexpected error: it says nothing about what went wrong inside. */
export const INTERNAL_ERROR_MESSAGE = "Internal server error.";

// RFC 6750 §3.1: one fixed message whatever the token's problem.
const REJECTED_TOKEN: PublicError = {
  code: "UNAUTHENTICATED",
  status: 401,
  message: INVALID_TOKEN_MESSAGE,
  outcome: "refused",
};
const REFUSED: PublicError = { code: "UNAUTHENTICATED", status: 200, outcome: "refused" };
const BAD_INPUT: PublicError = { code: "BAD_USER_INPUT", status: 200, outcome: "invalid" };

/** The one table from domain codes to what a client, the status line and the audit see. */
export const PUBLIC_ERRORS: Record<ErrorCode, PublicError> = {
  NOT_AUTHENTICATED: REFUSED,
  FORBIDDEN: { code: "FORBIDDEN", status: 200, outcome: "refused" },
  INVALID_CREDENTIALS: REFUSED,
  INVALID_SECOND_FACTOR: REFUSED,
  RATE_LIMITED: { code: "RATE_LIMITED", status: 200, outcome: "rate_limited" },
  BAD_AUTHORIZATION_HEADER: REJECTED_TOKEN,
  TOKEN_MALFORMED: REJECTED_TOKEN,
  TOKEN_ALG_NOT_ALLOWED: REJECTED_TOKEN,
  BAD_SIGNATURE: REJECTED_TOKEN,
  TOKEN_EXPIRED: REJECTED_TOKEN,
  TOKEN_CLAIM_INVALID: REJECTED_TOKEN,
  TOKEN_REVOKED: REJECTED_TOKEN,
  REFRESH_TOKEN_INVALID: REFUSED,
  REFRESH_TOKEN_REUSED: REFUSED,
  INVALID_EMAIL: BAD_INPUT,
  WEAK_PASSWORD: BAD_INPUT,
  EMAIL_TAKEN: BAD_INPUT,
  SIGNUP_CLOSED: BAD_INPUT,
  INVALID_ARGUMENT: BAD_INPUT,
  LINK_TOKEN_INVALID: BAD_INPUT,
  STORE_UNAVAILABLE: {
    code: "INTERNAL_SERVER_ERROR",
    status: 503,
    message: INTERNAL_ERROR_MESSAGE,
    outcome: "failed",
  },
  // 503 so clients retry; the domain's message names no host, address or transport error.
  MAIL_UNAVAILABLE: { code: "MAIL_UNAVAILABLE", status: 503, outcome: "failed" },
  ACCOUNT_DISABLED: { code: "ACCOUNT_DISABLED", status: 200, outcome: "refused" },
  // The assurance gates: field errors like FORBIDDEN, with their own codes so a client knows
  // what to do next (present the factor, verify the address, sign in again).
  MFA_REQUIRED: { code: "MFA_REQUIRED", status: 200, outcome: "refused" },
  REAUTHENTICATION_REQUIRED: { code: "REAUTHENTICATION_REQUIRED", status: 200, outcome: "refused" },
  EMAIL_NOT_VERIFIED: { code: "EMAIL_NOT_VERIFIED", status: 200, outcome: "refused" },
  PASSKEY_INVALID: REFUSED,
  PASSKEY_COUNTER_REPLAYED: REFUSED,
};

/** The row of a domain error, or undefined for anything else. */
export function publicErrorOf(error: unknown): PublicError | undefined {
  return error instanceof GatehouseError ? PUBLIC_ERRORS[error.code] : undefined;
}

/** The domain code of an access token the table says is rejected (401), else undefined. */
export function rejectedTokenCode(error: unknown): ErrorCode | undefined {
  return isGatehouseError(error) && PUBLIC_ERRORS[error.code].status === 401
    ? error.code
    : undefined;
}

/**
 * Failures no domain code decides, in GraphQL's shape: those answered before GraphQL runs,
 * and anything unexpected, masked (the status applies where nothing else has answered yet).
 */
export const REQUEST_ERRORS = {
  bodyTooLarge: {
    status: 413,
    code: "PAYLOAD_TOO_LARGE",
    message: "The request body is too large.",
  },
  invalidJson: { status: 400, code: "BAD_REQUEST", message: "The request body is not valid JSON." },
  methodNotAllowed: { status: 405, code: "METHOD_NOT_ALLOWED", message: "Use GET or POST." },
  unexpected: { status: 500, code: "INTERNAL_SERVER_ERROR", message: INTERNAL_ERROR_MESSAGE },
} as const;

/** A failure no domain code decides. */
export type RequestError = keyof typeof REQUEST_ERRORS;
