import { ERROR_CODES, GatehouseError } from "../errors.js";
import type { Email } from "../ids.js";

// RFC 5321 §4.5.3.1: 64 octets for the local part, 254 for a usable address.
const MAX_EMAIL_LENGTH = 254;
const MAX_LOCAL_LENGTH = 64;
const shape = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** Trims and lower-cases an email; returns null when it is not a plausible address. */
export function parseEmail(value: string): Email | null {
  const email = value.trim().toLowerCase();
  if (email.length > MAX_EMAIL_LENGTH || !shape.test(email)) return null;
  if (email.indexOf("@") > MAX_LOCAL_LENGTH) return null;
  return email as Email;
}

/** Like `parseEmail`, failing with `INVALID_EMAIL`. */
export function acceptEmail(value: string): Email {
  const email = parseEmail(value);
  if (email === null) {
    throw new GatehouseError(ERROR_CODES.INVALID_EMAIL, "The email address is not valid.");
  }
  return email;
}
