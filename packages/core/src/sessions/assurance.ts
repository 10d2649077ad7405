import type { UserProfile } from "../ports.js";

// How strongly a session's user was authenticated, and when (NIST SP 800-63B-4 §2: AAL1 one
// factor, AAL2 two). A session keeps the assurance it was started with: refreshing never
// raises `acr` nor moves `auth_time` (OpenID Connect Core §2; the contract's v2 "Tokens").

/** Authenticator assurance level, the `acr` claim. */
export type Acr = "aal1" | "aal2";

/** RFC 8176 authentication method references Gatehouse issues, the `amr` claim. */
export type AmrValue = "pwd" | "otp" | "hwk" | "swk" | "user" | "mfa";

/** Every `amr` value a token may carry. */
export const AMR_VALUES: readonly AmrValue[] = ["pwd", "otp", "hwk", "swk", "user", "mfa"];

/** The assurance of a session and of every access token it is issued. */
export interface Assurance {
  /** When the user last presented a credential, epoch seconds (`auth_time`). */
  readonly authTime: number;
  readonly acr: Acr;
  readonly amr: readonly AmrValue[];
}

/** A sign-in with the password alone at `now` (epoch ms): aal1, `["pwd"]`. */
export function passwordAssurance(now: number): Assurance {
  return { authTime: Math.floor(now / 1000), acr: "aal1", amr: ["pwd"] };
}

/**
 * The assurance of a session stored before sessions remembered it: the password was the
 * only way in then, presented when the session started (`createdAt`, epoch ms).
 */
export function legacyAssurance(createdAt: number): Assurance {
  return passwordAssurance(createdAt);
}

// Methods that are each a factor of their own kind (SP 800-63B-4 §2.2): something known,
// something held. A passkey verified with `user` is multi-factor by itself.
const KNOWN: readonly AmrValue[] = ["pwd"];
const HELD: readonly AmrValue[] = ["otp", "hwk", "swk"];

/**
 * The assurance of a sign-in that presented `methods` at `now` (epoch ms), as one step or
 * several (password then a second factor): aal2, with `mfa` added, when the methods cover
 * two kinds of factor, or a held authenticator verified its user (`hwk`/`swk` with `user`).
 * Unknown or repeated values are dropped; the order is the order of `AMR_VALUES`.
 */
export function combinedAssurance(methods: readonly string[], now: number): Assurance {
  const given = new Set(methods.filter((value) => AMR_VALUES.includes(value as AmrValue)));
  const known = KNOWN.some((value) => given.has(value));
  const held = HELD.some((value) => given.has(value));
  const verifiedHolder = given.has("user") && (given.has("hwk") || given.has("swk"));
  const multiFactor = (known && held) || verifiedHolder;
  if (multiFactor) given.add("mfa");
  return {
    authTime: Math.floor(now / 1000),
    acr: multiFactor ? "aal2" : "aal1",
    amr: AMR_VALUES.filter((value) => given.has(value)),
  };
}

/** A session's assurance after its user presented a second factor: its methods and `more`, at `now`. */
export function withSecondFactor(
  first: Assurance,
  more: readonly AmrValue[],
  now: number,
): Assurance {
  return combinedAssurance([...first.amr, ...more], now);
}

/** True when the user has a second factor: every sign-in must then reach aal2. */
export function hasSecondFactor(account: Pick<UserProfile, "secondFactors">): boolean {
  return account.secondFactors.totp || account.secondFactors.passkeys > 0;
}

/** What the gates need to know of the deployment. */
export interface GatePolicy {
  /** `GATEHOUSE_REQUIRE_VERIFIED_EMAIL`. */
  readonly requireVerifiedEmail: boolean;
  /** `GATEHOUSE_REAUTH_MAX_AGE`, seconds. */
  readonly reauthMaxAgeSeconds: number;
}

/**
 * Which assurance gates a signed-in caller is behind, decided once per request from the token
 * and the profile read with the revocation state (no read of its own).
 */
export interface AssuranceGates {
  /** The user has a second factor and the token is aal1: `MFA_REQUIRED`. */
  readonly secondFactorOwed: boolean;
  /** Verified email required and the user's is not: `EMAIL_NOT_VERIFIED`. */
  readonly emailUnverified: boolean;
  /** `auth_time` within the max age, and aal2 for a user with a second factor. */
  readonly recent: boolean;
}

/** The gates of a caller whose token carries `assurance`, with `account` as read, at `now` (epoch ms). */
export function assuranceGates(
  assurance: Assurance,
  account: Pick<UserProfile, "secondFactors" | "emailVerified">,
  policy: GatePolicy,
  now: number,
): AssuranceGates {
  const factor = hasSecondFactor(account);
  const age = Math.floor(now / 1000) - assurance.authTime;
  return {
    secondFactorOwed: factor && assurance.acr !== "aal2",
    emailUnverified: policy.requireVerifiedEmail && !account.emailVerified,
    recent: age <= policy.reauthMaxAgeSeconds && (!factor || assurance.acr === "aal2"),
  };
}
