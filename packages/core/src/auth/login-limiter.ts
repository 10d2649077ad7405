import { createHash } from "node:crypto";
import { createAttemptLimiter } from "./attempt-limiter.js";
import type { AuthDeps } from "./deps.js";

/**
 * Failed-login limiting per email. An attempt is counted *before* the password is checked, in
 * one conditional write, so concurrent or batched guesses cannot exceed the limit; a success
 * takes its count back. Unknown emails are counted the same way (no enumeration).
 */
export interface LoginLimiter {
  /** Counts one attempt for `email`, or fails with `RATE_LIMITED`. Returns the release. */
  begin(email: string): Promise<() => Promise<void>>;
}

/** The store key for an email's attempts: a hash, so any string the caller sends has one size. */
export function attemptKey(email: string): string {
  return createHash("sha256").update(`login:${email.trim().toLowerCase()}`).digest("base64url");
}

/** Builds the limiter from settings. */
export function createLoginLimiter(
  deps: Pick<AuthDeps, "stores" | "settings" | "clock">,
): LoginLimiter {
  const attempts = createAttemptLimiter(deps, {
    max: deps.settings.loginMaxFailures,
    windowSeconds: deps.settings.loginWindowSeconds,
  });
  return {
    begin: (email) =>
      attempts.begin(attemptKey(email), "Too many failed sign-in attempts. Try again later."),
  };
}
