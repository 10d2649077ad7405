import type { PasswordHasher } from "../passwords/password-hasher.js";
import type { Clock, Random, Stores } from "../ports.js";
import type { AccessTokenSettings } from "../tokens/access-token.js";
import type { SigningKeySet } from "../tokens/signing-keys.js";

/** Policy settings of the auth domain, parsed once from configuration. */
export interface AuthSettings extends AccessTokenSettings {
  /** Session (refresh token) lifetime in seconds, absolute. */
  readonly refreshTtlSeconds: number;
  readonly signup: "open" | "closed";
  readonly loginMaxFailures: number;
  /** Seconds. */
  readonly loginWindowSeconds: number;
  /** Sign-ups and failed logins one source address may make per window. */
  readonly sourceMaxAttempts: number;
  /** Seconds. */
  readonly sourceWindowSeconds: number;
  readonly passwordMinLength: number;
}

/** Everything the auth services are built from. */
export interface AuthDeps {
  readonly stores: Stores;
  readonly keys: SigningKeySet;
  readonly hasher: PasswordHasher;
  readonly settings: AuthSettings;
  readonly clock: Clock;
  readonly random: Random;
}
