import type { PublicError } from "./gql.js";

/** A wrong, used or out-of-window TOTP or recovery code. */
export const WRONG_CODE: PublicError = {
  code: "UNAUTHENTICATED",
  message: "The code is not valid.",
};
/** Five wrong codes in the window. */
export const CODES_LIMITED: PublicError = {
  code: "RATE_LIMITED",
  message: "Too many wrong codes. Try again later.",
};
