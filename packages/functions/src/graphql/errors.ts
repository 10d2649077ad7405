import { HeaderMap } from "@apollo/server";
import { ApolloServerErrorCode, unwrapResolverError } from "@apollo/server/errors";
import { GatehouseError } from "@gatehouse/core";
import { GraphQLError, type GraphQLFormattedError } from "graphql";
import { JsonInputError } from "./json-scalar.js";
import { PUBLIC_ERRORS, publicErrorOf, REQUEST_ERRORS } from "./public-errors.js";

const UNEXPECTED = REQUEST_ERRORS.unexpected;

// Errors Apollo and graphql-js raise about the request itself; safe to show as they are.
const REQUEST_ERROR_CODES = new Set<unknown>([
  ApolloServerErrorCode.GRAPHQL_PARSE_FAILED,
  ApolloServerErrorCode.GRAPHQL_VALIDATION_FAILED,
  ApolloServerErrorCode.BAD_USER_INPUT,
  ApolloServerErrorCode.BAD_REQUEST,
  ApolloServerErrorCode.OPERATION_RESOLUTION_FAILURE,
  ApolloServerErrorCode.PERSISTED_QUERY_NOT_FOUND,
  ApolloServerErrorCode.PERSISTED_QUERY_NOT_SUPPORTED,
  // contextError's rejected token.
  "UNAUTHENTICATED",
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
    const { code, message = original.message } = PUBLIC_ERRORS[original.code];
    if (code === "INTERNAL_SERVER_ERROR") log(original);
    return { message, ...where, extensions: { code } };
  }
  const code = formatted.extensions?.code;
  // graphql-js prefixes a refused JSON value to the scalar's message: only the message goes out.
  if (original instanceof GraphQLError && original.originalError instanceof JsonInputError) {
    return { message: original.originalError.message, ...where, extensions: { code } };
  }
  if (original instanceof GraphQLError && REQUEST_ERROR_CODES.has(code)) {
    return { message: formatted.message, ...where, extensions: { code } };
  }
  log(original);
  return { message: UNEXPECTED.message, ...where, extensions: { code: UNEXPECTED.code } };
}

/**
 * The status a response answers when fields failed: the highest the table gives their errors
 * (a store failure's 503, so clients retry), or undefined when every one is a plain 200.
 */
export function fieldErrorStatus(errors: readonly unknown[]): number | undefined {
  const statuses = errors.map((error) => publicErrorOf(unwrapResolverError(error))?.status ?? 200);
  const status = Math.max(200, ...statuses);
  return status === 200 ? undefined : status;
}

/**
 * The error a failed context build throws, as the table says: a rejected token answers 401
 * with `WWW-Authenticate` (RFC 6750 §3.1) and one fixed message whatever the cause; a store
 * failure 503; anything else 500, masked.
 */
export function contextError(error: unknown): GraphQLError {
  if (error instanceof GatehouseError && PUBLIC_ERRORS[error.code].status !== 200) {
    const { code, status, message = error.message } = PUBLIC_ERRORS[error.code];
    const challenge = new HeaderMap([["www-authenticate", 'Bearer error="invalid_token"']]);
    return new GraphQLError(message, {
      originalError: error,
      extensions: { code, http: { status, ...(status === 401 ? { headers: challenge } : {}) } },
    });
  }
  return new GraphQLError(UNEXPECTED.message, {
    originalError: error instanceof Error ? error : undefined,
    extensions: { code: UNEXPECTED.code, http: { status: UNEXPECTED.status } },
  });
}
