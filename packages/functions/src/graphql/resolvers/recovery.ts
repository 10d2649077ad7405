import type { MutationResolvers } from "../__generated__/resolvers-types.js";
import { signedIn } from "./principal.js";

/**
 * Email verification, password reset and email change by mailed links. Audited as every mutation is
 * (`<audit>.<outcome>`, see mutations.ts); no token or address is ever recorded.
 */
export const RecoveryMutation: MutationResolvers = {
  async requestEmailVerification(_, __, context) {
    await context.services.recovery.requestEmailVerification(signedIn(context));
    return true;
  },

  async verifyEmail(_, { token }, { services }) {
    await services.recovery.verifyEmail(token);
    return true;
  },

  // Always true (or RATE_LIMITED, alike for every address): the answer never says whether
  // the address has an account, and a mail that fails is logged, not reported.
  async requestPasswordReset(_, { email }, { services, sourceIp }) {
    await services.recovery.requestPasswordReset(email, { ip: sourceIp });
    return true;
  },

  async resetPassword(_, { token, newPassword }, { services, sourceIp }) {
    await services.recovery.resetPassword(token, newPassword, { ip: sourceIp });
    return true;
  },

  async sendPasswordReset(_, { userId }, context) {
    await context.services.recovery.sendPasswordReset(signedIn(context), userId);
    return true;
  },

  // True for an address that already has an account too (no mail then): see docs/security.md.
  async requestEmailChange(_, { newEmail, currentPassword }, context) {
    const caller = signedIn(context);
    await context.services.emailChange.requestEmailChange(caller, newEmail, currentPassword);
    return true;
  },

  async confirmEmailChange(_, { token }, { services }) {
    await services.emailChange.confirmEmailChange(token);
    return true;
  },
};
