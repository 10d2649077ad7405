import type { PasswordHasher } from "./credentials/password-hasher.js";
import type { TotpKeyRing } from "./factors/secret-box.js";
import type { Mail } from "./mail/mail.js";
import type { Clock, Random, Stores } from "./ports.js";
import type { RoleSet } from "./roles.js";
import type { AccessTokenSettings } from "./tokens/access-token.js";
import type { ExtraClaimsHook } from "./tokens/extra-claims.js";
import type { SigningKeySet } from "./tokens/signing-keys.js";

/** A team's own behaviour at the points Gatehouse offers; every hook is optional. */
export interface AuthHooks {
  /** Claims added to every access token at issue, from the profile read then. */
  readonly extraClaims?: ExtraClaimsHook;
  /** The team's own mail transport; it replaces the configured one (`GATEHOUSE_MAIL`). */
  readonly mail?: Mail;
}

/** Policy settings of the auth domain, parsed once from configuration. */
export interface AuthSettings extends AccessTokenSettings {
  /** Session (refresh token) lifetime in seconds, absolute. */
  readonly refreshTtlSeconds: number;
  readonly signup: "open" | "closed";
  /** Failed logins per (email, source) per window; per email when no source is named. */
  readonly loginMaxFailures: number;
  /** Failed logins per email from all sources together per window. */
  readonly loginMaxFailuresPerEmail: number;
  /** Seconds. */
  readonly loginWindowSeconds: number;
  /** Sign-ups, failed logins and failed refreshes per IPv4 address or IPv6 /64 per window. */
  readonly sourceMaxAttempts: number;
  /** How many times more a /56 may make than a /64, and a /48 than a /56. */
  readonly sourcePrefixFactor: number;
  /** Seconds. */
  readonly sourceWindowSeconds: number;
  /** Sign-ups, failed logins and failed refreshes from all sources together per window. */
  readonly anonMaxAttempts: number;
  /** Seconds. */
  readonly anonWindowSeconds: number;
  readonly passwordMinLength: number;
  /** `GATEHOUSE_REQUIRE_VERIFIED_EMAIL`: an unverified user reaches only what verifies them. */
  readonly requireVerifiedEmail: boolean;
  /** `GATEHOUSE_REAUTH_MAX_AGE`: seconds a sign-in stays recent for sensitive operations. */
  readonly reauthMaxAgeSeconds: number;
  /** `requestPasswordReset` answers no sooner than this after it began, ms (0: at once). */
  readonly passwordResetMinMs: number;
  /** The configured roles (always with USER and ADMIN). */
  readonly roles: RoleSet;
  /** Base of every mailed link (`GATEHOUSE_APP_URL`), no trailing slash; never a request's Host. */
  readonly appUrl: string;
  /** The WebAuthn relying party id (a host name): passkeys are bound to it. */
  readonly webauthnRpId: string;
  /** The exact origins a passkey ceremony may come from. */
  readonly webauthnOrigins: readonly string[];
}

/** Everything the auth services are built from. */
export interface AuthDeps {
  readonly stores: Stores;
  readonly keys: SigningKeySet;
  readonly hasher: PasswordHasher;
  readonly settings: AuthSettings;
  readonly clock: Clock;
  readonly random: Random;
  /** How mail leaves: the configured transport, or the team's `mail` hook. */
  readonly mail: Mail;
  readonly hooks?: AuthHooks;
  /** The keys that seal TOTP secrets at rest (`GATEHOUSE_TOTP_KEYS`). */
  readonly totpKeys?: TotpKeyRing;
}
