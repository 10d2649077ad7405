import { ERROR_CODES, GatehouseError } from "../errors.js";

/** One message for unknown email and wrong password alike, so neither can be told apart. */
export function invalidCredentials(): GatehouseError {
  return new GatehouseError(ERROR_CODES.INVALID_CREDENTIALS, "Invalid email or password.");
}

/** The refresh token cannot be used (unknown, malformed, spent, expired or ended). */
export function invalidRefreshToken(): GatehouseError {
  return new GatehouseError(
    ERROR_CODES.REFRESH_TOKEN_INVALID,
    "The refresh token is invalid or expired. Sign in again.",
  );
}

/** The caller is not signed in. */
export function notAuthenticated(): GatehouseError {
  return new GatehouseError(ERROR_CODES.NOT_AUTHENTICATED, "You must be signed in.");
}

/** The caller may not do this. */
export function forbidden(): GatehouseError {
  return new GatehouseError(ERROR_CODES.FORBIDDEN, "You are not allowed to do this.");
}

/** An argument is not acceptable; `message` says which and why. */
export function invalidArgument(message: string): GatehouseError {
  return new GatehouseError(ERROR_CODES.INVALID_ARGUMENT, message);
}

/** Refuses a change that would leave no ADMIN (nobody could manage accounts any more). */
export function lastAdmin(): GatehouseError {
  return invalidArgument("This change would leave no ADMIN: make another user ADMIN first.");
}
