import { ERROR_CODES, invalidToken } from "../errors.js";

/** Longest `Authorization` value accepted (8 KiB); anything longer is refused unparsed. */
export const MAX_AUTHORIZATION_LENGTH = 8192;

// RFC 6750 §2.1: the scheme is case-insensitive, then one or more spaces, then a token68.
// A comma cannot appear in a token68, so a repeated header joined by the gateway never matches.
const bearer = /^Bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

/** Extracts the bearer token from an `Authorization` value; fails as an invalid token. */
export function parseBearer(authorization: string): string {
  if (authorization.length > MAX_AUTHORIZATION_LENGTH) {
    throw invalidToken(ERROR_CODES.BAD_AUTHORIZATION_HEADER);
  }
  const match = bearer.exec(authorization);
  if (!match?.[1]) throw invalidToken(ERROR_CODES.BAD_AUTHORIZATION_HEADER);
  return match[1];
}
