import { errors, jwtVerify, SignJWT } from "jose";
import { ERROR_CODES, type ErrorCode, invalidToken } from "../errors.js";
import {
  type Jti,
  parseJti,
  parseSessionId,
  parseUserId,
  type SessionId,
  type UserId,
} from "../ids.js";
import { DEFAULT_ROLE_SET, type Role, type RoleSet } from "../roles.js";
import { type Acr, type AmrValue, type Assurance, legacyAssurance } from "../sessions/assurance.js";
import { assuranceClaims, assuranceOf } from "./assurance-claims.js";
import { isCanonicalCompactJws } from "./compact-jws.js";
import { extraClaimsOf } from "./extra-claims.js";
import type { SigningKeySet } from "./signing-keys.js";

/** RFC 9068 §2.1: the media type of JWT access tokens, in the `typ` header. */
export const ACCESS_TOKEN_TYPE = "at+jwt";
/** Allowed clock skew between the issuer and any verifier, in seconds. */
export const CLOCK_TOLERANCE_SECONDS = 5;

/** Who the tokens are from and for, and how long they live. */
export interface AccessTokenSettings {
  readonly issuer: string;
  readonly audience: string;
  /** Lifetime in seconds. */
  readonly ttlSeconds: number;
  /** The roles a token may carry; USER and ADMIN when absent. */
  readonly roles?: RoleSet;
}

/** The claims of a verified access token, typed. */
export interface AccessClaims {
  readonly sub: UserId;
  readonly sid: SessionId;
  /**
   * When the session started, epoch milliseconds (a private claim, "session created at"):
   * lets the per-request check compare the session with the user's session cutoff without
   * reading the session.
   */
  readonly sct: number;
  /**
   * The user's credential generation the session was started under (a private claim,
   * "credential version"): a credential change ends the tokens of every other session without
   * reading them. Tokens issued before it existed carry none and count as generation 0.
   */
  readonly cv: number;
  readonly jti: Jti;
  readonly roles: readonly Role[];
  /**
   * When the user last presented a credential, epoch seconds (OpenID Connect Core §2), and
   * how (`acr`: NIST SP 800-63B-4 AAL; `amr`: RFC 8176 values), as the session remembers
   * them. Tokens issued before these claims existed carry none and read as the session's
   * legacy assurance: aal1 `["pwd"]` at `sct`.
   */
  readonly auth_time: number;
  readonly acr: Acr;
  readonly amr: readonly AmrValue[];
  /** Epoch seconds. */
  readonly iat: number;
  readonly exp: number;
  /** A team's extra claims (the `extraClaims` hook), absent when the token carries none. */
  readonly extra?: Readonly<Record<string, unknown>>;
}

/** A freshly signed access token. */
export interface IssuedAccessToken {
  readonly token: string;
  readonly claims: AccessClaims;
  /** Seconds until it expires, as reported to the client. */
  readonly expiresIn: number;
}

/**
 * Signs an access token (RFC 9068 profile). `notBefore` (epoch seconds) is the user's access
 * cutoff: `iat` is never earlier, so a token minted from data read after a cutoff is never
 * mistaken for one minted before it, even within the same second. `sessionExpiresAt` (epoch
 * ms) caps `exp`: no access token outlives its session.
 */
export async function signAccessToken(
  keys: SigningKeySet,
  settings: AccessTokenSettings,
  subject: Omit<AccessClaims, "iat" | "exp" | "cv" | "auth_time" | "acr" | "amr"> & {
    readonly cv?: number;
    /** The session's assurance; absent: the legacy one of a session started at `sct`. */
    readonly assurance?: Assurance;
  },
  now: number,
  notBefore: number,
  sessionExpiresAt = Number.POSITIVE_INFINITY,
): Promise<IssuedAccessToken> {
  const nowSeconds = Math.floor(now / 1000);
  const iat = Math.max(nowSeconds, notBefore);
  const exp = Math.max(
    iat,
    Math.min(iat + settings.ttlSeconds, Math.floor(sessionExpiresAt / 1000)),
  );
  const cv = subject.cv ?? 0;
  const assurance = subject.assurance ?? legacyAssurance(subject.sct);
  // The extra claims go first: a reserved name among them (refused at issue) could never
  // replace one of ours.
  const extra = subject.extra ?? {};
  const token = await new SignJWT({
    ...extra,
    sid: subject.sid,
    sct: subject.sct,
    cv,
    roles: [...subject.roles],
    ...assuranceClaims(assurance),
  })
    .setProtectedHeader({ alg: keys.active.alg, kid: keys.active.kid, typ: ACCESS_TOKEN_TYPE })
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setSubject(subject.sub)
    .setJti(subject.jti)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(keys.active.key);
  const { extra: _given, assurance: _assurance, ...rest } = subject;
  const claims: AccessClaims = {
    ...rest,
    cv,
    ...assuranceClaims(assurance),
    iat,
    exp,
    ...(Object.keys(extra).length === 0 ? {} : { extra }),
  };
  return { token, claims, expiresIn: exp - nowSeconds };
}

function codeOf(error: unknown): ErrorCode {
  if (error instanceof errors.JWTExpired) return ERROR_CODES.TOKEN_EXPIRED;
  if (error instanceof errors.JWTClaimValidationFailed) return ERROR_CODES.TOKEN_CLAIM_INVALID;
  if (error instanceof errors.JOSEAlgNotAllowed) return ERROR_CODES.TOKEN_ALG_NOT_ALLOWED;
  if (
    error instanceof errors.JWSSignatureVerificationFailed ||
    error instanceof errors.JWKSNoMatchingKey ||
    error instanceof errors.JWKSMultipleMatchingKeys
  ) {
    return ERROR_CODES.BAD_SIGNATURE;
  }
  return ERROR_CODES.TOKEN_MALFORMED;
}

/**
 * Verifies an access token's signature and claims, with every option pinned in this one
 * place (RFC 8725 §3): only the set's algorithms and keys (header `jwk`, `jku`, `x5u`, `x5c`
 * are never consulted), `typ` at+jwt, our issuer and audience, every claim we rely on
 * present, at most 5 s of skew, `iat` not in the future, and no lifetime longer than ours;
 * and only canonical compact JWS (three segments of canonical base64url). Revocation is checked after this, by the caller. Fails with a token error code.
 */
export async function verifyAccessToken(
  token: string,
  keys: SigningKeySet,
  settings: AccessTokenSettings,
  now: number,
): Promise<AccessClaims> {
  return (await verifyAccessTokenSpan(token, keys, settings, now)).claims;
}

/** A verified access token and the whole seconds in which its time checks pass again. */
export interface VerifiedAccessToken {
  readonly claims: AccessClaims;
  /** Epoch seconds, inclusive: for `now` in this span, verifying again gives these claims. */
  readonly from: number;
  readonly until: number;
}

/**
 * The span of `now` (whole epoch seconds, as jose compares them) in which jose's time checks
 * pass for these claims: `nbf` and `iat` at most the tolerance ahead, `exp` not passed by
 * the tolerance, and the age (`now - iat`) within our lifetime plus the tolerance. It is
 * narrowed by a second at each end, so that rounding can only make it too cautious.
 */
function passingSpan(
  iat: number,
  exp: number,
  nbf: unknown,
  settings: AccessTokenSettings,
): { from: number; until: number } {
  const tolerance = CLOCK_TOLERANCE_SECONDS;
  const notBefore = typeof nbf === "number" ? Math.max(iat, nbf) : iat;
  const from = Math.ceil(notBefore - tolerance);
  const until = Math.min(
    Math.ceil(exp + tolerance) - 1,
    Math.floor(iat + settings.ttlSeconds + tolerance),
  );
  return { from: from + 1, until: until - 1 };
}

/**
 * `verifyAccessToken`, also telling for how long the same answer holds: everything it checks
 * but time is fixed by the token's bytes and the key set.
 */
export async function verifyAccessTokenSpan(
  token: string,
  keys: SigningKeySet,
  settings: AccessTokenSettings,
  now: number,
): Promise<VerifiedAccessToken> {
  // Before any decoding: jose reads base64url leniently, so one signature would otherwise
  // verify under several spellings (padding, stray characters, trailing bits).
  if (!isCanonicalCompactJws(token)) throw invalidToken(ERROR_CODES.TOKEN_MALFORMED);
  let payload: Record<string, unknown>;
  let kid: unknown;
  try {
    ({
      payload,
      protectedHeader: { kid },
    } = await jwtVerify(token, keys.verificationKey, {
      algorithms: [...keys.algorithms],
      issuer: settings.issuer,
      audience: settings.audience,
      typ: ACCESS_TOKEN_TYPE,
      requiredClaims: ["iss", "aud", "sub", "jti", "sid", "sct", "iat", "exp", "roles"],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
      maxTokenAge: settings.ttlSeconds,
      currentDate: new Date(now),
    }));
  } catch (error) {
    throw invalidToken(codeOf(error), error);
  }
  // RFC 9068 §2.1 profile as we issue it: every token names its key, so rotation never
  // has to guess which key signed it.
  if (typeof kid !== "string") throw invalidToken(ERROR_CODES.TOKEN_MALFORMED);

  const { sub, sid, sct, cv = 0, jti, roles, iat, exp } = payload;
  const assurance = assuranceOf(payload, sct, CLOCK_TOLERANCE_SECONDS);
  const extra = extraClaimsOf(payload);
  const userId = typeof sub === "string" ? parseUserId(sub) : null;
  const sessionId = typeof sid === "string" ? parseSessionId(sid) : null;
  const tokenId = typeof jti === "string" ? parseJti(jti) : null;
  if (
    userId === null ||
    sessionId === null ||
    tokenId === null ||
    !Array.isArray(roles) ||
    // A role outside the configured set fails the token like any other bad claim.
    !roles.every((role) => (settings.roles ?? DEFAULT_ROLE_SET).has(role)) ||
    typeof sct !== "number" ||
    !Number.isSafeInteger(sct) ||
    sct < 0 ||
    typeof cv !== "number" ||
    !Number.isSafeInteger(cv) ||
    cv < 0 ||
    typeof iat !== "number" ||
    typeof exp !== "number" ||
    exp - iat > settings.ttlSeconds ||
    assurance === null
  ) {
    throw invalidToken(ERROR_CODES.TOKEN_CLAIM_INVALID);
  }
  const claims: AccessClaims = {
    sub: userId,
    sid: sessionId,
    sct,
    cv,
    jti: tokenId,
    roles,
    ...assuranceClaims(assurance),
    iat,
    exp,
    ...(Object.keys(extra).length === 0 ? {} : { extra }),
  };
  return { claims, ...passingSpan(iat, exp, payload.nbf, settings) };
}
