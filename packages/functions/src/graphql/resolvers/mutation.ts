import type { MutationResolvers } from "../__generated__/resolvers-types.js";
import { toUserModel } from "../models.js";
import { signedIn } from "./principal.js";

/** Writes: sign-in, tokens, accounts. Every one delegates to a core service. */
export const Mutation: MutationResolvers = {
  signUp: (_, { email, password }, { services }) => services.credentials.signUp(email, password),

  login: (_, { email, password }, { services }) => services.credentials.login(email, password),

  refresh: (_, { refreshToken }, { services }) => services.sessions.refresh(refreshToken),

  async revoke(_, { token }, context) {
    await context.services.sessions.revoke(signedIn(context), token ?? null);
    return true;
  },

  async logout(_, __, context) {
    await context.services.sessions.logout(signedIn(context));
    return true;
  },

  async revokeAllSessions(_, { userId }, context) {
    await context.services.sessions.revokeAll(signedIn(context), userId ?? null);
    return true;
  },

  async changePassword(_, { currentPassword, newPassword }, context) {
    await context.services.accounts.changePassword(signedIn(context), currentPassword, newPassword);
    return true;
  },

  async createUser(_, { email, password, roles }, context) {
    const caller = signedIn(context);
    const user = await context.services.credentials.createUser(
      caller,
      email,
      password,
      roles ?? undefined,
    );
    return toUserModel(user, caller.userId);
  },

  async setRoles(_, { userId, roles }, context) {
    const caller = signedIn(context);
    const user = await context.services.accounts.setRoles(caller, userId, roles);
    return toUserModel(user, caller.userId);
  },
};
