declare const brand: unique symbol;

/** A nominal type: a `T` that only the named constructor can produce. */
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** A user's stable identifier (a UUID). */
export type UserId = Brand<string, "UserId">;
/** A session's identifier; it is the `sid` claim of every access token issued in that session. */
export type SessionId = Brand<string, "SessionId">;
/** A JWT ID (`jti`), unique per access token. */
export type Jti = Brand<string, "Jti">;
/** A normalised (trimmed, lower-cased, validated) email address. */
export type Email = Brand<string, "Email">;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const randomId = /^[A-Za-z0-9_-]{22}$/;
/** `~`, 9 base-36 digits of start time, 22 random base64url characters; or the older random form. */
const sessionIdShape = /^(?:~[0-9a-z]{9})?[A-Za-z0-9_-]{22}$/;

/**
 * A user id no account can have (accounts get random UUID v4 ids): what an unknown-address
 * path reads so that it makes the same store calls as a known one.
 */
export const NOBODY = "00000000-0000-4000-8000-000000000000" as UserId;

/** Narrows a string to a `UserId` when it has the shape of one. */
export function parseUserId(value: string): UserId | null {
  return uuid.test(value) ? (value as UserId) : null;
}

/** Narrows a string to a `SessionId` when it has the shape of one. */
export function parseSessionId(value: string): SessionId | null {
  return sessionIdShape.test(value) ? (value as SessionId) : null;
}

/** Narrows a string to a `Jti` when it has the shape of one. */
export function parseJti(value: string): Jti | null {
  return randomId.test(value) ? (value as Jti) : null;
}
