import { hasSecondFactor } from "@gatehouse/core";
import type {
  AuthPayloadResolvers,
  MutationResolvers,
  SecondFactorsResolvers,
} from "../__generated__/resolvers-types.js";
import { toUserModel } from "../models.js";
import { signedIn } from "./principal.js";

// TOTP, recovery codes and the second step of a sign-in. The caller's profile is the one the
// request read with its revocation state (`principal.account`): the domain decides from that
// generation, so a change made since then wins. Codes, secrets and recovery codes are never
// audited; the audit records `<subject>.<outcome>` for every field (mutations.ts).

/** The caller and their profile as the request read it. */
function callerAndProfile(context: Parameters<typeof signedIn>[0]) {
  const caller = signedIn(context);
  // Every principal from a request has its account; the operator CLI's never reaches GraphQL.
  if (caller.account === undefined) throw new Error("a request's principal has no account");
  return { caller, profile: caller.account };
}

export const SecondFactorMutation: MutationResolvers = {
  async beginTotpEnrollment(_, __, context) {
    const { profile } = callerAndProfile(context);
    return context.services.secondFactors.beginTotpEnrollment(profile);
  },

  async confirmTotpEnrollment(_, { code }, context) {
    const { caller, profile } = callerAndProfile(context);
    const codes = await context.services.secondFactors.confirmTotpEnrollment(
      profile,
      code,
      caller.sessionId,
    );
    return [...codes];
  },

  async disableTotp(_, { code }, context) {
    const { caller, profile } = callerAndProfile(context);
    await context.services.secondFactors.disableTotp(profile, code, caller.sessionId);
    return true;
  },

  async regenerateRecoveryCodes(_, { code }, context) {
    const { profile } = callerAndProfile(context);
    return [...(await context.services.secondFactors.regenerateRecoveryCodes(profile, code))];
  },

  async verifySecondFactor(_, { code }, context) {
    const caller = signedIn(context);
    return context.services.secondFactors.verifySecondFactor(caller, code);
  },

  async removeSecondFactors(_, { userId }, context) {
    const caller = signedIn(context);
    const user = await context.services.secondFactors.removeSecondFactors(caller, userId);
    return toUserModel(user, caller.userId);
  },
};

/** Whether a token pair still owes the second step: aal1 for a user with a factor. */
export const secondFactorRequired: NonNullable<AuthPayloadResolvers["secondFactorRequired"]> = (
  payload,
) => payload.acr === "aal1" && hasSecondFactor(payload.user);

export const SecondFactors: SecondFactorsResolvers = {
  // Read only when asked for: `me` without it stays at the request's one read.
  recoveryCodesLeft: (factors, _, context) =>
    context.services.secondFactors.recoveryCodesLeft(factors.userId),
};
