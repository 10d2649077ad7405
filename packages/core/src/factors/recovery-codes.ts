import { createHash } from "node:crypto";
import type { UserId } from "../ids.js";
import type { Random } from "../ports.js";
import { base32 } from "./base32.js";

/** Codes per set: the contract's ten. */
export const RECOVERY_CODE_COUNT = 10;
/** 80 random bits (NIST SP 800-63B-4 asks at least 64 for a look-up secret): 16 base32 letters. */
const CODE_BYTES = 10;

/** A new set: the codes, shown once, and their hashes, which are all that is stored. */
export function newRecoveryCodes(
  userId: UserId,
  random: Random,
): {
  readonly codes: readonly string[];
  readonly hashes: readonly string[];
} {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const letters = base32(random.bytes(CODE_BYTES));
    return (letters.match(/.{4}/g) ?? []).join("-").toLowerCase();
  });
  const hashes = codes.map((code) => recoveryCodeHash(userId, code) as string);
  return { codes, hashes };
}

/**
 * The stored form of a code of `userId` as typed: case, spaces and hyphens do not matter; null
 * when it cannot be a code. SHA-256, not a password hash: a slow hash exists to protect what a
 * person chose, which guessing finds; each code is 80 bits from the CSPRNG, so finding one from
 * a stolen hash takes about 2^79 SHA-256 evaluations, and the user id in the input keeps that
 * work from being shared across users. NIST SP 800-63B draws the line for look-up secrets
 * higher (112 bits without a password hash); 80 bits keeps the codes typeable, which is
 * where a recovery code fails in practice, and is the choice recorded in docs/security.md.
 */
export function recoveryCodeHash(userId: UserId, input: string): string | null {
  const letters = input.replace(/[\s-]/g, "").toUpperCase();
  if (!/^[A-Z2-7]{16}$/.test(letters)) return null;
  return createHash("sha256").update(`recovery:${userId}:${letters}`).digest("base64url");
}
