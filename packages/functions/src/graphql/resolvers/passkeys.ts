import type {
  MutationResolvers,
  PasskeyResolvers,
  QueryResolvers,
} from "../__generated__/resolvers-types.js";
import { isoTimestamp } from "../models.js";
import { signedIn } from "./principal.js";

// Passkeys (issue 15): WebAuthn ceremonies whose options and responses pass through as the
// JSON scalar. The relying party id and origins are the settings' (GATEHOUSE_WEBAUTHN_RP_ID,
// GATEHOUSE_WEBAUTHN_ORIGINS): nothing of the request (Origin, Host) reaches the service.
// Audited as every mutation is (`<audit>.<outcome>` with the domain code, mutations.ts): a
// counter that went backwards is `passkey_login.refused` with PASSKEY_COUNTER_REPLAYED.

/** The caller's passkeys. */
export const PasskeyQuery: QueryResolvers = {
  passkeys: async (_, __, context) => [
    ...(await context.services.passkeys.list(signedIn(context).userId)),
  ],
};

/** The passkey ceremonies and deletion. */
export const PasskeyMutation: MutationResolvers = {
  async beginPasskeyRegistration(_, __, context) {
    return context.services.passkeys.beginRegistration(signedIn(context).userId);
  },

  async finishPasskeyRegistration(_, { response, name }, context) {
    const caller = signedIn(context);
    return context.services.passkeys.finishRegistration(
      caller.userId,
      response,
      name ?? undefined,
      caller.sessionId,
    );
  },

  async beginPasskeyLogin(_, { email }, { services }) {
    return services.passkeys.beginLogin(email ?? undefined);
  },

  // Public, yet it reads the caller: with the bearer token of an aal1 session, the passkey
  // completes that sign-in (the service ends the session) and must be the same user's.
  async finishPasskeyLogin(_, { response }, { services, principal }) {
    return services.passkeys.signIn(response, principal);
  },

  async deletePasskey(_, { id }, context) {
    const caller = signedIn(context);
    await context.services.passkeys.delete(caller.userId, id, caller.sessionId);
    return true;
  },
};

export const Passkey: PasskeyResolvers = {
  createdAt: (passkey) => isoTimestamp(passkey.createdAt),
  lastUsedAt: (passkey) => (passkey.lastUsedAt === null ? null : isoTimestamp(passkey.lastUsedAt)),
};
