import type {
  AuthResult,
  PasskeyRecord,
  SecondFactors,
  SessionView,
  UserId,
  UserPage,
  UserProfile,
  UserRecord,
} from "@gatehouse/core";

/**
 * What a `User` field resolves from: the record without its password hash, and whether the
 * caller owns it (which `email` and `roles` rules need). The hash never reaches GraphQL.
 */
export interface UserModel {
  readonly id: string;
  readonly email: string;
  readonly roles: UserRecord["roles"];
  readonly createdAt: number;
  readonly disabled: boolean;
  readonly emailVerified: boolean;
  readonly secondFactors: SecondFactorsModel;
  /** True when the caller is this user (or just signed in as them). */
  readonly ownedByCaller: boolean;
}

/** What a `SecondFactors` field resolves from: the profile's, and whose (for the count read). */
export interface SecondFactorsModel extends SecondFactors {
  readonly userId: UserId;
}

/** What a `Session` field resolves from. */
export type SessionModel = SessionView;

/** What a `Passkey` field resolves from: the record, of which the schema shows no key material. */
export type PasskeyModel = PasskeyRecord;

/** What an `AuthPayload` field resolves from. */
export type AuthPayloadModel = AuthResult;

/** What a `UserConnection` field resolves from. */
export interface UserConnectionModel {
  readonly page: UserPage;
  readonly callerId: string;
}

/** Projects a user record for GraphQL. */
export function toUserModel(user: UserProfile, callerId: string | null): UserModel {
  return {
    id: user.id,
    email: user.email,
    roles: user.roles,
    createdAt: user.createdAt,
    disabled: user.disabled,
    emailVerified: user.emailVerified,
    secondFactors: { userId: user.id, ...user.secondFactors },
    ownedByCaller: user.id === callerId,
  };
}

/** Epoch milliseconds as the API's ISO-8601 UTC timestamps. */
export function isoTimestamp(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
