import { domainToASCII } from "node:url";
import { type EmailProblem, invalidEmail } from "../errors.js";
import type { Email } from "../ids.js";
import type { UserRecord, UserStore } from "../ports.js";

// RFC 5321 §4.5.3.1: 64 octets for the local part, 254 for a usable address.
const MAX_EMAIL_LENGTH = 254;
const MAX_LOCAL_LENGTH = 64;
const shape = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/**
 * Code points that display as nothing, or reorder what is displayed: controls (Cc), format
 * characters (Cf: zero-width spaces and joiners, bidi embeddings and isolates), the other bidi
 * controls, and every default-ignorable code point (UAX #44). An address holding one looks
 * like another address; UTS #39 §3 calls such strings confusable.
 */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Bidi_Control}\p{Default_Ignorable_Code_Point}]/u;

/** Why an address is refused before its shape is checked; null when nothing is wrong yet. */
function problemOf(value: string): EmailProblem | null {
  return INVISIBLE.test(value) ? "invisible" : null;
}

/**
 * The normal form of an address: trimmed, Unicode NFC (so composed and decomposed accents are
 * one address, UAX #15), lower-cased, and its domain in ASCII (UTS #46 via `domainToASCII`, so
 * `bücher.example` and `xn--bcher-kva.example` are one domain). Null when it is not a
 * plausible address, its domain is not a valid IDNA name, or it holds invisible characters.
 */
export function parseEmail(value: string): Email | null {
  const trimmed = value.trim();
  if (problemOf(trimmed) !== null) return null;
  const lowered = trimmed.normalize("NFC").toLowerCase();
  const at = lowered.lastIndexOf("@");
  if (at < 0) return null;
  const domain = domainToASCII(lowered.slice(at + 1));
  if (domain === "") return null;
  const email = `${lowered.slice(0, at)}@${domain}`;
  if (email.length > MAX_EMAIL_LENGTH || !shape.test(email)) return null;
  if (email.indexOf("@") > MAX_LOCAL_LENGTH) return null;
  return email as Email;
}

/** Like `parseEmail`, failing with `INVALID_EMAIL` and a message that says why. */
export function acceptEmail(value: string): Email {
  const email = parseEmail(value);
  if (email === null) {
    throw invalidEmail(problemOf(value.trim()) ?? "invalid");
  }
  return email;
}

/**
 * How earlier versions normalised an address (trimmed and lower-cased only); accounts they
 * stored are keyed by it. Null when it adds nothing to the normal form.
 */
function legacyEmail(value: string, normal: Email | null): Email | null {
  const legacy = value.trim().toLowerCase();
  if (legacy === normal || legacy.length > MAX_EMAIL_LENGTH || !shape.test(legacy)) return null;
  return legacy as Email;
}

/**
 * The account an address signs in to: by its normal form, else by the form an earlier version
 * stored (decomposed accents, a Unicode domain, invisible characters it let through), so that
 * those accounts keep working exactly as they were registered.
 */
export async function findUserByEmail(
  users: Pick<UserStore, "getByEmail">,
  value: string,
): Promise<UserRecord | null> {
  const normal = parseEmail(value);
  const found = normal === null ? null : await users.getByEmail(normal);
  if (found !== null) return found;
  const legacy = legacyEmail(value, normal);
  return legacy === null ? null : users.getByEmail(legacy);
}
