import { weakPassword } from "../errors.js";

/** The longest password accepted, in code points; long enough for any passphrase. */
export const MAX_PASSWORD_LENGTH = 256;

/**
 * NFKC-normalises a password so that the same passphrase typed on different keyboards
 * hashes the same (NIST SP 800-63B-4 §3.1.1.2).
 */
export function normalizePassword(password: string): string {
  return password.normalize("NFKC");
}

/** Length in code points, not UTF-16 units or bytes: an emoji counts once. */
export function codePointLength(value: string): number {
  let length = 0;
  for (const _ of value) length++;
  return length;
}

/**
 * Normalises `password` and checks it against the policy; returns the string to hash.
 * Fails with `WEAK_PASSWORD` naming the bounds, never echoing the password.
 */
export function acceptPassword(password: string, minLength: number): string {
  const normalized = normalizePassword(password);
  const length = codePointLength(normalized);
  if (length < minLength || length > MAX_PASSWORD_LENGTH) {
    throw weakPassword(minLength, MAX_PASSWORD_LENGTH);
  }
  return normalized;
}
