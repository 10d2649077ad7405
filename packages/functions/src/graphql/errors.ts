import { HeaderMap } from "@apollo/server";
import { ApolloServerErrorCode, unwrapResolverError } from "@apollo/server/errors";
import { type ErrorCode, GatehouseError, INVALID_TOKEN_MESSAGE } from "@gatehouse/core";
import { GraphQLError, type GraphQLFormattedError } from "graphql";

/** The codes a client sees in `errors[].extensions.code`. */
export type PublicCode =
  | "UNAUTHENTICATED"
  | "FORBIDDEN"
  | "RATE_LIMITED"
  | "BAD_USER_INPUT"
  | "INTERNAL_SERVER_ERROR";

/** The one table from domain codes to public codes. */
export const PUBLIC_CODES: Record<ErrorCode, PublicCode> = {
  NOT_AUTHENTICATED: "UNAUTHENTICATED",
  FORBIDDEN: "FORBIDDEN",
  INVALID_CREDENTIALS: "UNAUTHENTICATED",
  RATE_LIMITED: "RATE_LIMITED",
  BAD_AUTHORIZATION_HEADER: "UNAUTHENTICATED",
  TOKEN_MALFORMED: "UNAUTHENTICATED",
  TOKEN_ALG_NOT_ALLOWED: "UNAUTHENTICATED",
  BAD_SIGNATURE: "UNAUTHENTICATED",
  TOKEN_EXPIRED: "UNAUTHENTICATED",
  TOKEN_CLAIM_INVALID: "UNAUTHENTICATED",
  TOKEN_REVOKED: "UNAUTHENTICATED",
  REFRESH_TOKEN_INVALID: "UNAUTHENTICATED",
  REFRESH_TOKEN_REUSED: "UNAUTHENTICATED",
  INVALID_EMAIL: "BAD_USER_INPUT",
  WEAK_PASSWORD: "BAD_USER_INPUT",
  EMAIL_TAKEN: "BAD_USER_INPUT",
  SIGNUP_CLOSED: "BAD_USER_INPUT",
  INVALID_ARGUMENT: "BAD_USER_INPUT",
  STORE_UNAVAILABLE: "INTERNAL_SERVER_ERROR",
};

/** The message of every unexpected error: it says nothing about what went wrong inside. */
export const INTERNAL_ERROR_MESSAGE = "Internal server error.";

// Errors Apollo and graphql-js raise about the request itself; safe to show as they are.
const REQUEST_ERROR_CODES = new Set<unknown>([
  ApolloServerErrorCode.GRAPHQL_PARSE_FAILED,
  ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED,
  ApolloServerErrorCode.BAD_USER_INPUT,
  ApolloServerErrorCode.BAD_REQUEST,
  ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE,
  ApolloServerErrorCode.PERSISTED_QUERY_NOT_FOUND,
  ApolloServerErrorCode.PERSISTED_QUERY_NOT_SUPPORTED,
  "UNAUTHENTICATED",
  "FORBIDDEN",
]);

/**
 * Apollo's `formatError`: known errors keep their public message and code, everything else
 * becomes INTERNAL_SERVER_ERROR with a fixed message. Never a stack trace, cause or store text.
 */
export function formatError(
  formatted: GraphQLFormattedError,
  error: unknown,
  log: (error: unknown) => void,
): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const where = {
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
  };
  if (original instanceof GatehouseError) {
    const code = PUBLIC_CODES[original.code];
    const message = code === "INTERNAL_SERVER_ERROR" ? INTERNAL_ERROR_MESSAGE : original.message;
    if (code === "INTERNAL_SERVER_ERROR") log(original);
    return { message, ...where, extensions: { code } };
  }
  const code = formatted.extensions?.code;
  if (original instanceof GraphQLError && REQUEST_ERROR_CODES.has(code)) {
    return { message: formatted.message, ...where, extensions: { code } };
  }
  log(original);
  return {
    message: INTERNAL_ERROR_MESSAGE,
    ...where,
    extensions: { code: "INTERNAL_SERVER_ERROR" },
  };
}

/** True when `error` is a store failure, which answers 503 so clients retry. */
export function isStoreFailure(error: unknown): boolean {
  const original = unwrapResolverError(error);
  return original instanceof GatehouseError && original.code === "STORE_UNAVAILABLE";
}

/**
 * The error a failed context build throws: 401 with `WWW-Authenticate` for any token problem
 * (RFC 6750 §3.1), one fixed message whatever the cause; 503 when revocation cannot be read.
 */
export function contextError(error: unknown): GraphQLError {
  if (error instanceof GatehouseError && error.code === "STORE_UNAVAILABLE") {
    return new GraphQLError(INTERNAL_ERROR_MESSAGE, {
      originalError: error,
      extensions: { code: "INTERNAL_SERVER_ERROR", http: { status: 503 } },
    });
  }
  if (error instanceof GatehouseError && PUBLIC_CODES[error.code] === "UNAUTHENTICATED") {
    return new GraphQLError(INVALID_TOKEN_MESSAGE, {
      originalError: error,
      extensions: {
        code: "UNAUTHENTICATED",
        http: {
          status: 401,
          headers: new HeaderMap([["www-authenticate", 'Bearer error="invalid_token"']]),
        },
      },
    });
  }
  return new GraphQLError(INTERNAL_ERROR_MESSAGE, {
    originalError: error instanceof Error ? error : undefined,
    extensions: { code: "INTERNAL_SERVER_ERROR", http: { status: 500 } },
  });
}
