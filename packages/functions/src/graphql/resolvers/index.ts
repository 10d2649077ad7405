import type { Resolvers } from "../__generated__/resolvers-types.js";
import { JsonScalar } from "../json-scalar.js";
import { Mutation } from "./mutation.js";
import { Passkey, PasskeyMutation, PasskeyQuery } from "./passkeys.js";
import { Query } from "./query.js";
import { RecoveryMutation } from "./recovery.js";
import { SecondFactorMutation, SecondFactors } from "./second-factors.js";
import { AuthPayload, Session, User, UserConnection } from "./types.js";

/** Every resolver of the schema. */
export const resolvers: Resolvers = {
  Query: { ...Query, ...PasskeyQuery },
  Mutation: { ...Mutation, ...RecoveryMutation, ...SecondFactorMutation, ...PasskeyMutation },
  AuthPayload,
  User,
  Session,
  UserConnection,
  SecondFactors,
  Passkey,
  JSON: JsonScalar,
};
