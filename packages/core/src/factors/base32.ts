/** RFC 4648 §6 alphabet: what authenticator apps read in an `otpauth://` secret. */
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/** RFC 4648 base32 without padding (authenticator apps and recovery codes need none). */
export function base32(bytes: Uint8Array): string {
  let out = "";
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(buffer >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += ALPHABET[(buffer << (5 - bits)) & 31];
  return out;
}

/** True when `text` is unpadded RFC 4648 base32 (upper case). */
export function isBase32(text: string): boolean {
  return /^[A-Z2-7]+$/.test(text);
}
