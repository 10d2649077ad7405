import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { UserId } from "../ids.js";

// TOTP secrets at rest: AES-256-GCM (NIST SP 800-38D) under a key kept beside the signing
// keys, never in the table. The user id is the associated data, so a sealed secret copied onto
// another user's item does not open. Each sealed value names its key, so keys can rotate: the
// first key of the ring seals, every key opens.

/** The one shape of a key id: short, and free of the `.` that separates sealed parts. */
const KEY_ID = /^[A-Za-z0-9_-]{1,32}$/;
const KEY_BYTES = 32;
/** SP 800-38D §8.2: a 96-bit random IV, at most 2^32 seals per key (far above any use here). */
const IV_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = "v1";

/** The keys that seal and open TOTP secrets: the first seals, all open. */
export interface TotpKeyRing {
  readonly sealing: string;
  readonly keys: ReadonlyMap<string, Buffer>;
}

/**
 * Parses `id:key,id:key…` (each key 32 bytes, base64url), the form of `GATEHOUSE_TOTP_KEYS`;
 * the first seals. Throws a `TypeError` that names the problem, never a key.
 */
export function parseTotpKeys(text: string): TotpKeyRing {
  const keys = new Map<string, Buffer>();
  for (const entry of text.split(",").map((part) => part.trim())) {
    const [id = "", key = "", ...rest] = entry.split(":");
    if (!KEY_ID.test(id) || rest.length > 0) {
      throw new TypeError("each TOTP key must be `id:key` with an id of A-Z, a-z, 0-9, _ or -");
    }
    const bytes = Buffer.from(key, "base64url");
    if (bytes.length !== KEY_BYTES || bytes.toString("base64url") !== key) {
      throw new TypeError(`TOTP key ${id} must be 32 bytes in base64url (43 characters)`);
    }
    if (keys.has(id)) throw new TypeError(`TOTP key ${id} is listed twice`);
    keys.set(id, bytes);
  }
  const [sealing] = keys.keys();
  if (sealing === undefined) throw new TypeError("no TOTP key is given");
  return { sealing, keys };
}

/** A new key entry for `GATEHOUSE_TOTP_KEYS`: `id:key` with 256 random bits. */
export function generateTotpKey(id: string): string {
  if (!KEY_ID.test(id)) throw new TypeError("a TOTP key id is A-Z, a-z, 0-9, _ or -");
  return `${id}:${randomBytes(KEY_BYTES).toString("base64url")}`;
}

/** Seals `secret` for `userId` under the ring's sealing key: `v1.<kid>.<iv>.<ciphertext+tag>`. */
export function sealSecret(ring: TotpKeyRing, userId: UserId, secret: string): string {
  const key = ring.keys.get(ring.sealing) as Buffer;
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad(userId, ring.sealing));
  const sealed = Buffer.concat([
    cipher.update(secret, "utf8"),
    cipher.final(),
    cipher.getAuthTag(),
  ]);
  return [VERSION, ring.sealing, iv.toString("base64url"), sealed.toString("base64url")].join(".");
}

/**
 * Opens a sealed secret of `userId`; null when it is malformed, sealed under a key the ring no
 * longer holds, altered, or sealed for another user (GCM's tag covers all of it).
 */
export function openSecret(ring: TotpKeyRing, userId: UserId, sealed: string): string | null {
  const [version, kid = "", ivText = "", body = "", ...rest] = sealed.split(".");
  const key = ring.keys.get(kid);
  if (version !== VERSION || key === undefined || rest.length > 0) return null;
  const iv = Buffer.from(ivText, "base64url");
  const data = Buffer.from(body, "base64url");
  if (iv.length !== IV_BYTES || data.length <= TAG_BYTES) return null;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(aad(userId, kid));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    const clear = Buffer.concat([decipher.update(data.subarray(0, -TAG_BYTES)), decipher.final()]);
    return clear.toString("utf8");
  } catch {
    return null;
  }
}

// The key id is bound too, so a value cannot be relabelled to another key of the ring.
const aad = (userId: UserId, kid: string) => Buffer.from(`${VERSION}.${kid}.${userId}`, "utf8");
