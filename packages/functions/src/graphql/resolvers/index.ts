import type { Resolvers } from "../__generated__/resolvers-types.js";
import { JsonScalar } from "../json-scalar.js";
import { Mutation } from "./mutation.js";
import { Passkey, PasskeyMutation, PasskeyQuery } from "./passkeys.js";
import { Query } from "./query.js";
import { RecoveryMutation } from "./recovery.js";
import { AuthPayload, Session, User, UserConnection } from "./types.js";

/** Every resolver of the schema. */
export const resolvers: Resolvers = {
  Query: { ...Query, ...PasskeyQuery },
  Mutation: { ...Mutation, ...RecoveryMutation, ...PasskeyMutation },
  AuthPayload,
  User,
  Session,
  UserConnection,
  Passkey,
  JSON: JsonScalar,
};
