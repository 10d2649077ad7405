// RFC 4648 §5: the URL- and filename-safe alphabet, in value order.
const BASE64URL_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const BASE64URL_TEXT = /^[A-Za-z0-9_-]+$/;

/**
 * One segment is the only spelling of its bytes: the base64url alphabet only, no padding
 * (RFC 7515 §2 omits it), and the unused low bits of the last character zero (RFC 4648 §3.5).
 * A length of 1 mod 4 encodes no whole byte and is never valid.
 */
function isCanonicalSegment(segment: string): boolean {
  if (!BASE64URL_TEXT.test(segment)) return false;
  const tail = segment.length % 4;
  if (tail === 0) return true;
  if (tail === 1) return false;
  // 2 characters carry 1 byte (4 bits unused), 3 characters carry 2 bytes (2 bits unused).
  const unusedMask = tail === 2 ? 0b1111 : 0b11;
  return (BASE64URL_ALPHABET.indexOf(segment.at(-1) as string) & unusedMask) === 0;
}

/**
 * True when `token` is canonical compact JWS (RFC 7515 §7.1): exactly three non-empty
 * segments, each canonical base64url. Lenient decoders accept other spellings of the same
 * bytes (padding, stray characters, non-zero trailing bits); refusing them gives every token
 * exactly one text.
 */
export function isCanonicalCompactJws(token: string): boolean {
  const segments = token.split(".");
  return segments.length === 3 && segments.every(isCanonicalSegment);
}
