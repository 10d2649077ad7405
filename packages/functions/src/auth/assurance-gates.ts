import {
  type AssuranceGates,
  assuranceGates,
  NO_SECOND_FACTORS,
  type Principal,
} from "@gatehouse/core";
import type { Runtime } from "../runtime.js";

/**
 * The gates of a request's caller (MFA owed, email unverified, recent sign-in), from its token
 * and the profile read with it: no read of their own. The GraphQL context and both gateway
 * authorizers decide from the same answer.
 */
export function gatesOf(
  principal: Principal,
  runtime: Pick<Runtime, "config">,
  now: number,
): AssuranceGates {
  // A principal from a request always has its account; without one, nothing is assumed
  // verified and no factor is known (the token's acr still decides aal2).
  const account = principal.account ?? { emailVerified: false, secondFactors: NO_SECOND_FACTORS };
  const { requireVerifiedEmail, reauthMaxAgeSeconds } = runtime.config.auth;
  return assuranceGates(
    { authTime: principal.authTime, acr: principal.acr, amr: principal.amr },
    account,
    { requireVerifiedEmail, reauthMaxAgeSeconds },
    now,
  );
}
