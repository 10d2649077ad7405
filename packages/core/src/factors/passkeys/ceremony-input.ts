import { passkeyNotRegistered } from "../../errors.js";

// WebAuthn §5.4.3 lets a credential id be up to 1023 bytes: 1364 base64url characters.
const CREDENTIAL_ID = /^[A-Za-z0-9_-]{1,1364}$/;
// Challenges are 32 random bytes here: 43 base64url characters; a little room, never a key's worth.
const CHALLENGE = /^[A-Za-z0-9_-]{16,128}$/;

/** The value of an untrusted JSON object's field, or undefined. */
function field(value: unknown, name: string): unknown {
  return typeof value === "object" && value !== null
    ? (value as Record<string, unknown>)[name]
    : undefined;
}

/**
 * The challenge a response's client data names, before anything is verified: it says which
 * stored challenge to take. Null for a response that holds none; verification checks the rest.
 */
export function challengeOf(response: unknown): string | null {
  const encoded = field(field(response, "response"), "clientDataJSON");
  if (typeof encoded !== "string" || encoded.length > 4096) return null;
  try {
    const challenge = field(
      JSON.parse(Buffer.from(encoded, "base64url").toString("utf8")),
      "challenge",
    );
    return typeof challenge === "string" && CHALLENGE.test(challenge) ? challenge : null;
  } catch {
    return null;
  }
}

/** The credential id of a response, when `id` and `rawId` agree and are well formed. */
export function credentialIdOf(response: unknown): string | null {
  const id = field(response, "id");
  return typeof id === "string" && CREDENTIAL_ID.test(id) && field(response, "rawId") === id
    ? id
    : null;
}

/** The user handle a response returns (a resident key's), or undefined. */
export function userHandleOf(response: unknown): unknown {
  return field(field(response, "response"), "userHandle");
}

/** The user handle of a user: its id's bytes (an opaque id, no personal data: WebAuthn §14.6.1). */
export const userHandleFor = (userId: string) => Buffer.from(userId, "utf8").toString("base64url");

const MAX_NAME = 64;

/** A passkey's name as given (trimmed, NFC), or `fallback`; refused when empty, long or holding controls. */
export function acceptPasskeyName(name: string | undefined, fallback: string): string {
  if (name === undefined) return fallback;
  const accepted = name.normalize("NFC").trim();
  if (
    accepted === "" ||
    [...accepted].length > MAX_NAME ||
    /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(accepted)
  ) {
    throw passkeyNotRegistered("name");
  }
  return accepted;
}
