import {
  AMR_VALUES,
  type AmrValue,
  type Assurance,
  legacyAssurance,
} from "../sessions/assurance.js";

/** The claims that carry an assurance in a token (the reverse of `assuranceOf`). */
export function assuranceClaims(assurance: Assurance) {
  return { auth_time: assurance.authTime, acr: assurance.acr, amr: [...assurance.amr] };
}

const isAmrValue = (value: unknown): value is AmrValue => AMR_VALUES.includes(value as AmrValue);

/**
 * The assurance claims of a verified payload, or null when they are malformed. Not required
 * claims: a token issued before they existed (at most one lifetime, ≤ 15 min, after the
 * deploy) carries none of them and reads as its session's legacy assurance, aal1 `["pwd"]` at
 * `sct`, the lowest there is, so leaving them out can never raise a token's assurance. Either
 * all three are there or none.
 */
export function assuranceOf(
  payload: Record<string, unknown>,
  sct: unknown,
  toleranceSeconds: number,
): Assurance | null {
  const { auth_time: authTime, acr, amr, iat } = payload;
  if (authTime === undefined && acr === undefined && amr === undefined) {
    return typeof sct === "number" ? legacyAssurance(sct) : null;
  }
  if (
    typeof authTime !== "number" ||
    !Number.isSafeInteger(authTime) ||
    authTime < 0 ||
    // A sign-in cannot come after the token that vouches for it (beyond the skew between
    // the instance that signed the user in and the one that refreshed).
    typeof iat !== "number" ||
    authTime > iat + toleranceSeconds ||
    (acr !== "aal1" && acr !== "aal2") ||
    !Array.isArray(amr) ||
    amr.length === 0 ||
    !amr.every(isAmrValue)
  ) {
    return null;
  }
  return { authTime, acr, amr };
}
