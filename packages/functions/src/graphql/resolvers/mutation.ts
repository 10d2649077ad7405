import { isGatehouseError, parseRefreshToken } from "@gatehouse/core";
import { emailHash } from "../../observability/audit.js";
import type { MutationResolvers } from "../__generated__/resolvers-types.js";
import { toUserModel } from "../models.js";
import { signedIn } from "./principal.js";

/**
 * Writes: sign-in, tokens, accounts. Every one delegates to a core service and records the
 * security decision it made in the audit trail.
 */
export const Mutation: MutationResolvers = {
  async signUp(_, { email, password }, { services, audit, sourceIp }) {
    try {
      const result = await services.credentials.signUp(email, password, { ip: sourceIp });
      audit.record({ type: "signup.succeeded", userId: result.user.id });
      return result;
    } catch (error) {
      if (isGatehouseError(error, "RATE_LIMITED")) {
        audit.record({ type: "signup.rate_limited", emailHash: emailHash(email) });
      }
      throw error;
    }
  },

  async login(_, { email, password }, { services, audit, sourceIp }) {
    try {
      const result = await services.credentials.login(email, password, { ip: sourceIp });
      audit.record({
        type: "login.succeeded",
        userId: result.user.id,
        sessionId: result.sessionId,
      });
      return result;
    } catch (error) {
      if (isGatehouseError(error, "RATE_LIMITED")) {
        audit.record({ type: "login.rate_limited", emailHash: emailHash(email) });
      } else if (isGatehouseError(error, "INVALID_CREDENTIALS")) {
        audit.record({ type: "login.failed", reason: error.code, emailHash: emailHash(email) });
      }
      throw error;
    }
  },

  async refresh(_, { refreshToken }, { services, audit, sourceIp }) {
    try {
      const result = await services.sessions.refresh(refreshToken, { ip: sourceIp });
      audit.record({
        type: "token.refreshed",
        userId: result.user.id,
        sessionId: result.sessionId,
      });
      return result;
    } catch (error) {
      const ref = parseRefreshToken(refreshToken);
      if (isGatehouseError(error, "REFRESH_TOKEN_REUSED") && ref !== null) {
        audit.record({
          type: "session.reuse_detected",
          userId: ref.userId,
          sessionId: ref.sessionId,
        });
      }
      throw error;
    }
  },

  async revoke(_, { token }, context) {
    const caller = signedIn(context);
    const revoked = await context.services.sessions.revoke(caller, token ?? null);
    if (revoked !== null) {
      context.audit.record({ type: "token.revoked", ...revoked, by: caller.userId });
    }
    return true;
  },

  async logout(_, __, context) {
    const caller = signedIn(context);
    await context.services.sessions.logout(caller);
    context.audit.record({
      type: "token.revoked",
      userId: caller.userId,
      scope: "session",
      by: caller.userId,
    });
    return true;
  },

  async endSession(_, { id }, context) {
    const caller = signedIn(context);
    const ended = await context.services.sessions.end(caller, id);
    if (ended) {
      context.audit.record({
        type: "token.revoked",
        userId: caller.userId,
        scope: "session",
        by: caller.userId,
      });
    }
    return ended;
  },

  async revokeAllSessions(_, { userId }, context) {
    const caller = signedIn(context);
    await context.services.sessions.revokeAll(caller, userId ?? null);
    context.audit.record({
      type: "token.revoked",
      userId: userId ?? caller.userId,
      scope: "all_sessions",
      by: caller.userId,
    });
    return true;
  },

  async changePassword(_, { currentPassword, newPassword }, context) {
    const caller = signedIn(context);
    await context.services.accounts.changePassword(caller, currentPassword, newPassword);
    context.audit.record({
      type: "token.revoked",
      userId: caller.userId,
      scope: "other_sessions",
      by: caller.userId,
    });
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
    context.audit.record({
      type: "user.created",
      userId: user.id,
      roles: user.roles,
      by: caller.userId,
    });
    return toUserModel(user, caller.userId);
  },

  async setRoles(_, { userId, roles }, context) {
    const caller = signedIn(context);
    const user = await context.services.accounts.setRoles(caller, userId, roles);
    context.audit.record({
      type: "roles.changed",
      userId: user.id,
      roles: user.roles,
      by: caller.userId,
    });
    return toUserModel(user, caller.userId);
  },

  async setDisabled(_, { userId, disabled }, context) {
    const caller = signedIn(context);
    const user = await context.services.accounts.setDisabled(caller, userId, disabled);
    context.audit.record({
      type: disabled ? "account.disabled" : "account.enabled",
      userId: user.id,
      by: caller.userId,
    });
    return toUserModel(user, caller.userId);
  },
};
