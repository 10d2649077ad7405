import type {
  AuthPayloadResolvers,
  SessionResolvers,
  UserConnectionResolvers,
  UserResolvers,
} from "../__generated__/resolvers-types.js";
import { isoTimestamp, toUserModel } from "../models.js";
import { secondFactorRequired } from "./second-factors.js";

/** Object types whose fields are not plain properties of their model. */
export const AuthPayload: AuthPayloadResolvers = {
  // The payload's user is the one who just presented credentials: they own it.
  user: (payload) => ({ ...toUserModel(payload.user, payload.user.id) }),
  secondFactorRequired,
};

export const User: UserResolvers = {
  roles: (user) => [...user.roles],
  createdAt: (user) => isoTimestamp(user.createdAt),
};

export const Session: SessionResolvers = {
  createdAt: (session) => isoTimestamp(session.createdAt),
  lastUsedAt: (session) => isoTimestamp(session.lastUsedAt),
  expiresAt: (session) => isoTimestamp(session.expiresAt),
};

export const UserConnection: UserConnectionResolvers = {
  edges: ({ page, callerId }) =>
    page.edges.map(({ cursor, user }) => ({ cursor, node: toUserModel(user, callerId) })),
  pageInfo: ({ page }) => ({ hasNextPage: page.hasNextPage, endCursor: page.endCursor }),
};
