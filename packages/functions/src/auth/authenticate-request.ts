import { ERROR_CODES, invalidToken, type Principal } from "@gatehouse/core";
import { publicErrorOf, rejectedTokenCode } from "../graphql/public-errors.js";
import type { Runtime } from "../runtime.js";

/** Why a request is not authenticated: its token (401, audited), the store (503), or else. */
export type AuthenticationFailure = "rejected" | "unavailable" | "unexpected";

/** How the check of one request ended; a failure keeps its error for the caller's answer. */
export type Authentication =
  | { readonly ok: true; readonly principal: Principal | null }
  | { readonly ok: false; readonly failure: AuthenticationFailure; readonly error: unknown };

/**
 * The one check of a request's `Authorization`, made by the GraphQL context builder and both
 * gateway authorizers alike: the core authenticator (signature and claims, then one revocation
 * read), its failure classified by the public error table, a rejected token audited as
 * `token.rejected` with its domain code. It never throws. An `Authorization` that is not a
 * string (a list slips past the 8 KiB cap, which counts its items) is a bad header.
 */
export async function authenticateRequest(
  runtime: Pick<Runtime, "services" | "telemetry">,
  authorization: unknown,
): Promise<Authentication> {
  try {
    if (authorization !== undefined && typeof authorization !== "string") {
      throw invalidToken(ERROR_CODES.BAD_AUTHORIZATION_HEADER);
    }
    return {
      ok: true,
      principal: await runtime.services.authenticator.authenticate(authorization),
    };
  } catch (error) {
    const reason = rejectedTokenCode(error);
    if (reason !== undefined) {
      runtime.telemetry.audit.record({ type: "token.rejected", reason });
      return { ok: false, failure: "rejected", error };
    }
    const failure = publicErrorOf(error)?.status === 503 ? "unavailable" : "unexpected";
    return { ok: false, failure, error };
  }
}
