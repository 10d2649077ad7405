import type { Resolvers } from "../__generated__/resolvers-types.js";
import { Mutation } from "./mutation.js";
import { Query } from "./query.js";
import { RecoveryMutation } from "./recovery.js";
import { SecondFactorMutation, SecondFactors } from "./second-factors.js";
import { AuthPayload, Session, User, UserConnection } from "./types.js";

/** Every resolver of the schema. */
export const resolvers: Resolvers = {
  Query,
  Mutation: { ...Mutation, ...RecoveryMutation, ...SecondFactorMutation },
  AuthPayload,
  User,
  Session,
  UserConnection,
  SecondFactors,
};
