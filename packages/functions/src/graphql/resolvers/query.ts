import type { QueryResolvers } from "../__generated__/resolvers-types.js";
import { toUserModel } from "../models.js";
import { signedIn } from "./principal.js";

/** Reads: the caller, users, sessions. */
export const Query: QueryResolvers = {
  async me(_, __, context) {
    const caller = signedIn(context);
    const user = await context.services.accounts.me(caller);
    return user && toUserModel(user, caller.userId);
  },

  async user(_, { id }, context) {
    const caller = signedIn(context);
    const user = await context.services.accounts.getUser(caller, id);
    return user && toUserModel(user, caller.userId);
  },

  async users(_, { first, after }, context) {
    const caller = signedIn(context);
    const page = await context.services.accounts.listUsers(caller, first ?? 20, after ?? null);
    return { page, callerId: caller.userId };
  },

  sessions: async (_, __, context) => [
    ...(await context.services.sessions.list(signedIn(context))),
  ],
};
