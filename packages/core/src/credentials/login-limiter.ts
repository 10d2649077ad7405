import { createHash } from "node:crypto";
import { parseEmail } from "../accounts/email.js";
import type { AuthSettings } from "../deps.js";
import type { UserId } from "../ids.js";
import type { Budget } from "./attempt-limiter.js";
import { type RequestSource, sourceBucket } from "./source-limiter.js";

const hashed = (text: string) => createHash("sha256").update(text).digest("base64url");
// Every spelling of one address counts on one counter (NFC or not, a Unicode or an ASCII
// domain): the form accounts are stored under, or an earlier version's for what it refuses.
const normalized = (email: string) => parseEmail(email) ?? email.trim().toLowerCase();

/** The store key for an email's attempts: a hash, so any string the caller sends has one size. */
export function attemptKey(email: string): string {
  return hashed(`login:${normalized(email)}`);
}

/**
 * The store key for an email's attempts from one source (an IPv6 source by its /64), in its
 * own namespace; JSON keeps any email and any address from running into each other.
 */
export function sourceAttemptKey(email: string, ip: string): string {
  return hashed(`login-source:${JSON.stringify([normalized(email), sourceBucket(ip)])}`);
}

/**
 * What a failed login counts on besides its source: `loginMaxFailures` per
 * (email, source), so a few guesses from one address lock only that address out of the
 * account, and `loginMaxFailuresPerEmail` per email from every source together, which bounds
 * guessing spread over many addresses. An in-process caller that names no source (admin CLI,
 * tests) counts on the email alone at the per-source limit. Unknown emails count alike (no
 * enumeration).
 */
export function loginBudgets(
  email: string,
  source: RequestSource | undefined,
  settings: AuthSettings,
): Budget[] {
  const windowSeconds = settings.loginWindowSeconds;
  if (source === undefined) {
    return [{ key: attemptKey(email), max: settings.loginMaxFailures, windowSeconds }];
  }
  return [
    { key: sourceAttemptKey(email, source.ip), max: settings.loginMaxFailures, windowSeconds },
    { key: attemptKey(email), max: settings.loginMaxFailuresPerEmail, windowSeconds },
  ];
}

/**
 * What a wrong current password in `changePassword` counts on: the user's own counter, in a
 * namespace apart from login's, so neither can lock the other; the same max and window.
 */
export function passwordChangeBudget(userId: UserId, settings: AuthSettings): Budget {
  return {
    key: hashed(`change-password:${userId}`),
    max: settings.loginMaxFailures,
    windowSeconds: settings.loginWindowSeconds,
  };
}

/**
 * What each `requestEmailChange` past the password check counts on, mailed or not: the user's
 * own counter, so that one account can probe at most `loginMaxFailures` addresses per window
 * for "already taken" by any side channel (docs/security.md).
 */
export function emailChangeBudget(userId: UserId, settings: AuthSettings): Budget {
  return {
    key: hashed(`email-change:${userId}`),
    max: settings.loginMaxFailures,
    windowSeconds: settings.loginWindowSeconds,
  };
}

/**
 * What each link mail to one address counts on (reset and verification links alike): at most
 * `loginMaxFailures` per window, so nobody can flood a mailbox, whoever asks and from where.
 * Unknown addresses count alike (no enumeration).
 */
export function linkMailBudget(email: string, settings: AuthSettings): Budget {
  return {
    key: hashed(`link-mail:${normalized(email)}`),
    max: settings.loginMaxFailures,
    windowSeconds: settings.loginWindowSeconds,
  };
}

/**
 * What a wrong TOTP or recovery code counts on: the user's own counter, in a namespace of its
 * own, so that guessing codes locks neither login nor password changes; the login max and
 * window (the contract's five per user per window).
 */
export function secondFactorBudget(userId: UserId, settings: AuthSettings): Budget {
  return {
    key: hashed(`second-factor:${userId}`),
    max: settings.loginMaxFailures,
    windowSeconds: settings.loginWindowSeconds,
  };
}
