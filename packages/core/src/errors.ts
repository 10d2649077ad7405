/**
 * Every failure the domain reports, with its stable code. Codes are finer than the public
 * ones (`extensions.code`); the transport maps them in one table.
 */
export const ERROR_CODES = {
  /** No principal where one is needed. */
  NOT_AUTHENTICATED: "NOT_AUTHENTICATED",
  /** The principal lacks the role or ownership an operation needs. */
  FORBIDDEN: "FORBIDDEN",
  /** Wrong email or password (one code for both: no enumeration). */
  INVALID_CREDENTIALS: "INVALID_CREDENTIALS",
  /** A wrong, used or expired TOTP or recovery code. */
  INVALID_SECOND_FACTOR: "INVALID_SECOND_FACTOR",
  /** Too many failed logins for this email in the window. */
  RATE_LIMITED: "RATE_LIMITED",
  /** The `Authorization` header is not a well-formed single bearer credential. */
  BAD_AUTHORIZATION_HEADER: "BAD_AUTHORIZATION_HEADER",
  /** The token cannot be parsed or uses a header the verifier refuses. */
  TOKEN_MALFORMED: "TOKEN_MALFORMED",
  /** The token's algorithm is not one of the configured ones. */
  TOKEN_ALG_NOT_ALLOWED: "TOKEN_ALG_NOT_ALLOWED",
  /** The signature does not verify with any configured key. */
  BAD_SIGNATURE: "BAD_SIGNATURE",
  /** The token is past `exp` (beyond the clock tolerance). */
  TOKEN_EXPIRED: "TOKEN_EXPIRED",
  /** A claim is missing or wrong (`iss`, `aud`, `typ`, `iat`, lifetime, …). */
  TOKEN_CLAIM_INVALID: "TOKEN_CLAIM_INVALID",
  /** The token verified but was revoked (jti, session, or per-user cutoff). */
  TOKEN_REVOKED: "TOKEN_REVOKED",
  /** A refresh token that is unknown, malformed, spent or expired. */
  REFRESH_TOKEN_INVALID: "REFRESH_TOKEN_INVALID",
  /** A refresh token that was already rotated was presented again: the session is ended. */
  REFRESH_TOKEN_REUSED: "REFRESH_TOKEN_REUSED",
  /** The email is not a valid address. */
  INVALID_EMAIL: "INVALID_EMAIL",
  /** The password breaks the policy (length in code points). */
  WEAK_PASSWORD: "WEAK_PASSWORD",
  /** Another account already uses this email. */
  EMAIL_TAKEN: "EMAIL_TAKEN",
  /** Sign-up is closed by configuration. */
  SIGNUP_CLOSED: "SIGNUP_CLOSED",
  /** Any other invalid argument (page size, cursor, role list). */
  INVALID_ARGUMENT: "INVALID_ARGUMENT",
  /** The store did not answer or failed; nothing about it is disclosed. */
  STORE_UNAVAILABLE: "STORE_UNAVAILABLE",
  /** The mail transport did not take a message; nothing about it is disclosed. */
  MAIL_UNAVAILABLE: "MAIL_UNAVAILABLE",
  /** The right password of a disabled account (told only after the password checked out). */
  ACCOUNT_DISABLED: "ACCOUNT_DISABLED",
  /** The user has a second factor and the token is aal1: only the second-factor step is open. */
  MFA_REQUIRED: "MFA_REQUIRED",
  /** A sensitive field needs a sign-in within `GATEHOUSE_REAUTH_MAX_AGE` (and aal2 with a factor). */
  REAUTHENTICATION_REQUIRED: "REAUTHENTICATION_REQUIRED",
  /** `GATEHOUSE_REQUIRE_VERIFIED_EMAIL` and the user's address is not verified yet. */
  EMAIL_NOT_VERIFIED: "EMAIL_NOT_VERIFIED",
  /** A mailed link's token that is unknown, spent, expired, altered or for another purpose. */
  LINK_TOKEN_INVALID: "LINK_TOKEN_INVALID",
  /** A passkey assertion that does not verify (origin, RP id, flags, challenge, owner, signature). */
  PASSKEY_INVALID: "PASSKEY_INVALID",
  /** A passkey assertion whose signature counter did not increase: a cloned authenticator, maybe. */
  PASSKEY_COUNTER_REPLAYED: "PASSKEY_COUNTER_REPLAYED",
} as const;

/** A domain error code. */
export type ErrorCode = (typeof ERROR_CODES)[keyof typeof ERROR_CODES];

/**
 * The one error class of the domain. `message` is safe to show to a client: it never holds a
 * token, password, hash, table name or store message.
 */
export class GatehouseError extends Error {
  override readonly name = "GatehouseError";
  constructor(
    readonly code: ErrorCode,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** True when `error` is a `GatehouseError`, optionally with one of `codes`. */
export function isGatehouseError(error: unknown, ...codes: ErrorCode[]): error is GatehouseError {
  return error instanceof GatehouseError && (codes.length === 0 || codes.includes(error.code));
}

// The factories below are the only place a domain message is written: a test or a client
// may rely on each text exactly, so none is retyped elsewhere.

/** A factory for a code whose message depends on a closed set of reasons. */
function byReason<Reason extends string>(code: ErrorCode, messages: Record<Reason, string>) {
  return (reason: Reason) => new GatehouseError(code, messages[reason]);
}

/** The fixed message for every token that is not accepted, whatever the reason. */
export const INVALID_TOKEN_MESSAGE = "The access token is invalid, expired or revoked.";

/** Builds the error for a rejected access token; the code stays internal (logs, tests). */
export function invalidToken(code: ErrorCode, cause?: unknown): GatehouseError {
  return new GatehouseError(code, INVALID_TOKEN_MESSAGE, { cause });
}

/** Builds the error for any store failure: generic on purpose (fail closed, disclose nothing). */
export function storeUnavailable(cause?: unknown): GatehouseError {
  return new GatehouseError(
    ERROR_CODES.STORE_UNAVAILABLE,
    "The service is temporarily unavailable. Try again shortly.",
    { cause },
  );
}

/** The mail transport failed; the cause stays internal (it may name hosts or addresses). */
export function mailUnavailable(cause?: unknown): GatehouseError {
  return new GatehouseError(
    ERROR_CODES.MAIL_UNAVAILABLE,
    "The mail could not be sent. Try again shortly.",
    { cause },
  );
}

/** The caller signed in with a password only and has a second factor to present. */
export function mfaRequired(): GatehouseError {
  return new GatehouseError(
    ERROR_CODES.MFA_REQUIRED,
    "Verify your second factor (verifySecondFactor) to continue.",
  );
}

/** The caller's sign-in is too old (or not aal2) for a sensitive operation. */
export function reauthenticationRequired(): GatehouseError {
  return new GatehouseError(ERROR_CODES.REAUTHENTICATION_REQUIRED, "Sign in again to do this.");
}

/** The caller's email address must be verified first. */
export function emailNotVerified(): GatehouseError {
  return new GatehouseError(
    ERROR_CODES.EMAIL_NOT_VERIFIED,
    "Verify your email address (requestEmailVerification) to continue.",
  );
}

/** The caller is not signed in. */
export function notSignedIn(): GatehouseError {
  return new GatehouseError(ERROR_CODES.NOT_AUTHENTICATED, "You must be signed in.");
}

/** The caller may not do this. */
export function forbidden(): GatehouseError {
  return new GatehouseError(ERROR_CODES.FORBIDDEN, "You are not allowed to do this.");
}

/** One message for unknown email and wrong password alike, so neither can be told apart. */
export function invalidCredentials(): GatehouseError {
  return new GatehouseError(ERROR_CODES.INVALID_CREDENTIALS, "Invalid email or password.");
}

/** The password was right but an admin disabled the account: no session is started. */
export function accountDisabled(): GatehouseError {
  return new GatehouseError(ERROR_CODES.ACCOUNT_DISABLED, "This account is disabled.");
}

/** The answer of a limit that is spent, in the words of the call it refuses. */
export const rateLimited = byReason(ERROR_CODES.RATE_LIMITED, {
  login: "Too many failed sign-in attempts. Try again later.",
  signUp: "Too many sign-up attempts. Try again later.",
  refresh: "Too many failed refresh attempts. Try again later.",
  passwordChange: "Too many failed password changes. Try again later.",
  passwordReset: "Too many password reset requests. Try again later.",
  verification: "Too many verification mails requested. Try again later.",
  emailChange: "Too many email change requests. Try again later.",
  secondFactor: "Too many wrong codes. Try again later.",
  passkey: "Too many failed passkey sign-ins. Try again later.",
});

/** A call whose attempts are limited; each has its own refusal. */
export type LimitedCall = Parameters<typeof rateLimited>[0];

const REFRESH_REFUSED = "The refresh token is invalid or expired. Sign in again.";

/** The refresh token cannot be used (unknown, malformed, spent, expired or ended). */
export function invalidRefreshToken(): GatehouseError {
  return new GatehouseError(ERROR_CODES.REFRESH_TOKEN_INVALID, REFRESH_REFUSED);
}

/** A rotated refresh token came back; the client is told no more than for any invalid one. */
export function refreshTokenReused(): GatehouseError {
  return new GatehouseError(ERROR_CODES.REFRESH_TOKEN_REUSED, REFRESH_REFUSED);
}

/** The email is refused, in words a person can act on. */
export const invalidEmail = byReason(ERROR_CODES.INVALID_EMAIL, {
  invisible: "The email address contains invisible or control characters.",
  invalid: "The email address is not valid.",
});

/** Why an email address is refused. */
export type EmailProblem = Parameters<typeof invalidEmail>[0];

/** The password is outside the policy's bounds, which the message names (never the password). */
export function weakPassword(minLength: number, maxLength: number): GatehouseError {
  return new GatehouseError(
    ERROR_CODES.WEAK_PASSWORD,
    `The password must be ${minLength} to ${maxLength} characters long.`,
  );
}

/** Another account already uses this email. */
export function emailTaken(): GatehouseError {
  return new GatehouseError(ERROR_CODES.EMAIL_TAKEN, "An account with this email already exists.");
}

/** Sign-up is closed by configuration. */
export function signUpClosed(): GatehouseError {
  return new GatehouseError(ERROR_CODES.SIGNUP_CLOSED, "Sign-up is closed.");
}

/** An argument is not acceptable; `message` says which and why. */
export function invalidArgument(message: string): GatehouseError {
  return new GatehouseError(ERROR_CODES.INVALID_ARGUMENT, message);
}

/** One message for every link token refused, whatever the reason: none can be told apart. */
export function invalidLinkToken(): GatehouseError {
  return new GatehouseError(
    ERROR_CODES.LINK_TOKEN_INVALID,
    "This link is invalid or has expired. Ask for a new one.",
  );
}

/** A user id that names no account. */
export function unknownUser(): GatehouseError {
  return invalidArgument("No user has this id.");
}

/** An `after` cursor that this list did not hand out. */
export function invalidCursor(): GatehouseError {
  return invalidArgument('"after" is not a cursor from this list.');
}

/** Refuses a change that would leave no ADMIN (nobody could manage accounts any more). */
export function lastAdmin(): GatehouseError {
  return invalidArgument("This change would leave no ADMIN: make another user ADMIN first.");
}

/**
 * Roles outside the configured set, by name (malformed names already replaced by the caller);
 * the message lists the allowed ones, which are configuration, not secret.
 */
export function unknownRole(
  unknown: readonly string[],
  allowed: readonly string[],
): GatehouseError {
  const names = [...new Set(unknown)].join(", ");
  return invalidArgument(`Unknown role ${names}: the roles are ${allowed.join(", ")}.`);
}

/** A TOTP or recovery code that is wrong, used already or out of its time window: one answer. */
export function invalidSecondFactor(): GatehouseError {
  return new GatehouseError(ERROR_CODES.INVALID_SECOND_FACTOR, "The code is not valid.");
}

/** A second-factor operation that does not fit the account's factors, in words a person can act on. */
export const secondFactorState = (
  reason: "totpOn" | "noPendingTotp" | "totpOff" | "noFactor" | "changed" | "signedInAal2",
) =>
  invalidArgument(
    {
      totpOn: "An authenticator app is already set up: turn it off first.",
      noPendingTotp: "No authenticator setup is waiting, or it expired: start again.",
      totpOff: "No authenticator app is set up.",
      noFactor: "The account has no second factor.",
      changed: "The account changed meanwhile: start again.",
      signedInAal2: "This session has its second factor already.",
    }[reason],
  );
const PASSKEY_REFUSED = "The passkey could not be verified.";

/** A passkey login refused, one message whatever the reason (the code tells logs which). */
export function passkeyRefused(): GatehouseError {
  return new GatehouseError(ERROR_CODES.PASSKEY_INVALID, PASSKEY_REFUSED);
}

/**
 * A passkey whose signature counter went backwards or stood still (WebAuthn §6.1.1): its key
 * may have been cloned. The client hears what any refused passkey gets; the code is for audit.
 */
export function passkeyCounterReplayed(): GatehouseError {
  return new GatehouseError(ERROR_CODES.PASSKEY_COUNTER_REPLAYED, PASSKEY_REFUSED);
}

/** A passkey registration is refused, in words a person can act on. */
export const passkeyNotRegistered = byReason(ERROR_CODES.INVALID_ARGUMENT, {
  unverified: "The passkey registration could not be verified. Try again.",
  taken: "This passkey is already registered.",
  full: "You have as many passkeys as an account may have: delete one first.",
  name: "A passkey name must be 1 to 64 characters, without control characters.",
});

/** A passkey id the user does not have. */
export function unknownPasskey(): GatehouseError {
  return invalidArgument("You have no passkey with this id.");
}
