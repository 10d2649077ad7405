// Generated from schema.graphql by `npm run codegen`. Do not edit.
import type { Role } from '@gatehouse/core';
import type { GraphQLResolveInfo, GraphQLScalarType, GraphQLScalarTypeConfig } from 'graphql';
import type { UserModel, SessionModel, AuthPayloadModel, UserConnectionModel, SecondFactorsModel, PasskeyModel } from '../models.js';
import type { GraphQLContext } from '../context.js';
export type Maybe<T> = T | null;
export type InputMaybe<T> = Maybe<T>;
export type Omit<T, K extends keyof T> = Pick<T, Exclude<keyof T, K>>;
export type RequireFields<T, K extends keyof T> = Omit<T, K> & { [P in K]-?: NonNullable<T[P]> };
export type EnumResolverSignature<T, AllowedValues = any> = { [key in keyof T]?: AllowedValues };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  JSON: { input: Record<string, unknown>; output: object; }
};

export type Query = {
  __typename?: 'Query';
  /** The signed-in caller. */
  me?: Maybe<User>;
  /** A user by id: ADMIN, or the user themself. Null for an unknown id. */
  user?: Maybe<User>;
  /** Every user, oldest first, a page at a time (1 to 100 per page). ADMIN. */
  users: UserConnection;
  /** The caller's live sessions, newest first. */
  sessions: Array<Session>;
  /** The caller's passkeys, oldest first. */
  passkeys: Array<Passkey>;
};


export type QueryUserArgs = {
  id: Scalars['ID']['input'];
};


export type QueryUsersArgs = {
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
};

export type Mutation = {
  __typename?: 'Mutation';
  /** Creates a USER account and signs it in. Public while sign-up is open. */
  signUp: AuthPayload;
  /** Signs in with email and password, starting a new session. */
  login: AuthPayload;
  /** Exchanges a refresh token for a new token pair; the presented refresh token is spent. */
  refresh: AuthPayload;
  /**
   * Revokes an access or refresh token (RFC 7009): the caller's own, or anyone's for an ADMIN.
   * Without an argument: the caller's current access token. A token that does not verify: true, no effect.
   */
  revoke: Scalars['Boolean']['output'];
  /** Ends the caller's current session: its access and refresh tokens stop working. */
  logout: Scalars['Boolean']['output'];
  /**
   * Ends one of the caller's own sessions by id (the current one: as logout). False when the id
   * names no live session of the caller's.
   */
  endSession: Scalars['Boolean']['output'];
  /** Ends every session and access token of a user issued before now. Another user's: ADMIN. */
  revokeAllSessions: Scalars['Boolean']['output'];
  /** Changes the caller's password; every other session of theirs ends. */
  changePassword: Scalars['Boolean']['output'];
  /** Creates an account with the given roles (default USER). ADMIN. */
  createUser: User;
  /** Replaces a user's roles; their older access tokens stop working. ADMIN. */
  setRoles: User;
  /**
   * Disables or re-enables an account. Disabling ends every session and token of the user (for
   * good: re-enabling revives none) and makes login answer ACCOUNT_DISABLED. ADMIN.
   */
  setDisabled: User;
  /** Mails a verification link to the caller's address. Already verified: true, no mail. */
  requestEmailVerification: Scalars['Boolean']['output'];
  /** Spends a verification link's token: the address it was sent to becomes verified. Public. */
  verifyEmail: Scalars['Boolean']['output'];
  /** Mails a reset link if the address has an account. Public; always true, alike for unknown addresses. */
  requestPasswordReset: Scalars['Boolean']['output'];
  /** Spends a reset link's token: sets the password, ends every session, verifies the address. Public. */
  resetPassword: Scalars['Boolean']['output'];
  /** Mails a reset link to a user. ADMIN. */
  sendPasswordReset: Scalars['Boolean']['output'];
  /**
   * Mails a link to confirm newEmail to that address; needs the current password and a recent
   * sign-in. An address that already has an account gets no mail and the same answer (true).
   */
  requestEmailChange: Scalars['Boolean']['output'];
  /**
   * Spends an email-change link's token: the account moves to the new, verified address, every
   * session but the one that asked ends, and the old address gets a notice. Public.
   */
  confirmEmailChange: Scalars['Boolean']['output'];
  /**
   * Removes every second factor of a user (TOTP, recovery codes, passkeys) and ends all their
   * sessions: the way back for a user who lost every factor. ADMIN.
   */
  removeSecondFactors: User;
  /**
   * Starts setting up an authenticator app: a new secret, its otpauth:// URI and that URI as an
   * SVG QR code. Confirm within 10 minutes. Needs a recent sign-in.
   */
  beginTotpEnrollment: TotpEnrollment;
  /**
   * Turns the authenticator app on with a code it shows, and returns 10 recovery codes, shown
   * this once. Every other session ends; this one stays at aal1, so the client then calls
   * verifySecondFactor with the app's next code to reach aal2.
   */
  confirmTotpEnrollment: Array<Scalars['String']['output']>;
  /** Turns the authenticator app off with one of its codes or a recovery code. Needs a recent sign-in. */
  disableTotp: Scalars['Boolean']['output'];
  /** Replaces the recovery codes (the old set stops working), given a TOTP or recovery code. Needs a recent sign-in. */
  regenerateRecoveryCodes: Array<Scalars['String']['output']>;
  /**
   * The second step of signing in: a TOTP or recovery code from an aal1 session of a user with a
   * second factor. Returns a new session at aal2; the session it is called from ends.
   */
  verifySecondFactor: AuthPayload;
  /**
   * Starts adding a passkey: PublicKeyCredentialCreationOptionsJSON for
   * `navigator.credentials.create()`, valid 5 minutes. Needs a recent sign-in.
   */
  beginPasskeyRegistration: Scalars['JSON']['output'];
  /**
   * Finishes adding a passkey with the browser's RegistrationResponseJSON (`credential.toJSON()`);
   * `name` defaults to "Passkey". Every other session of the caller ends; a notice is mailed.
   */
  finishPasskeyRegistration: Passkey;
  /**
   * Starts a passkey sign-in: PublicKeyCredentialRequestOptionsJSON. With an email, that
   * account's passkeys; without, none (discoverable credentials, browser autofill). Public.
   */
  beginPasskeyLogin: Scalars['JSON']['output'];
  /**
   * Signs in with the browser's AuthenticationResponseJSON. A user-verified passkey is aal2 on
   * its own. Sent with the bearer token of an aal1 session of the same user, it completes that
   * sign-in instead: that session ends and the new one is aal2. Public.
   */
  finishPasskeyLogin: AuthPayload;
  /** Deletes one of the caller's passkeys; every other session ends; a notice is mailed. Needs a recent sign-in. */
  deletePasskey: Scalars['Boolean']['output'];
};


export type MutationSignUpArgs = {
  email: Scalars['String']['input'];
  password: Scalars['String']['input'];
};


export type MutationLoginArgs = {
  email: Scalars['String']['input'];
  password: Scalars['String']['input'];
};


export type MutationRefreshArgs = {
  refreshToken: Scalars['String']['input'];
};


export type MutationRevokeArgs = {
  token?: InputMaybe<Scalars['String']['input']>;
};


export type MutationEndSessionArgs = {
  id: Scalars['ID']['input'];
};


export type MutationRevokeAllSessionsArgs = {
  userId?: InputMaybe<Scalars['ID']['input']>;
};


export type MutationChangePasswordArgs = {
  currentPassword: Scalars['String']['input'];
  newPassword: Scalars['String']['input'];
};


export type MutationCreateUserArgs = {
  email: Scalars['String']['input'];
  password: Scalars['String']['input'];
  roles?: InputMaybe<Array<Role>>;
};


export type MutationSetRolesArgs = {
  userId: Scalars['ID']['input'];
  roles: Array<Role>;
};


export type MutationSetDisabledArgs = {
  userId: Scalars['ID']['input'];
  disabled: Scalars['Boolean']['input'];
};


export type MutationVerifyEmailArgs = {
  token: Scalars['String']['input'];
};


export type MutationRequestPasswordResetArgs = {
  email: Scalars['String']['input'];
};


export type MutationResetPasswordArgs = {
  token: Scalars['String']['input'];
  newPassword: Scalars['String']['input'];
};


export type MutationSendPasswordResetArgs = {
  userId: Scalars['ID']['input'];
};


export type MutationRequestEmailChangeArgs = {
  newEmail: Scalars['String']['input'];
  currentPassword: Scalars['String']['input'];
};


export type MutationConfirmEmailChangeArgs = {
  token: Scalars['String']['input'];
};


export type MutationRemoveSecondFactorsArgs = {
  userId: Scalars['ID']['input'];
};


export type MutationConfirmTotpEnrollmentArgs = {
  code: Scalars['String']['input'];
};


export type MutationDisableTotpArgs = {
  code: Scalars['String']['input'];
};


export type MutationRegenerateRecoveryCodesArgs = {
  code: Scalars['String']['input'];
};


export type MutationVerifySecondFactorArgs = {
  code: Scalars['String']['input'];
};


export type MutationFinishPasskeyRegistrationArgs = {
  response: Scalars['JSON']['input'];
  name?: InputMaybe<Scalars['String']['input']>;
};


export type MutationBeginPasskeyLoginArgs = {
  email?: InputMaybe<Scalars['String']['input']>;
};


export type MutationFinishPasskeyLoginArgs = {
  response: Scalars['JSON']['input'];
};


export type MutationDeletePasskeyArgs = {
  id: Scalars['ID']['input'];
};

/** A token pair and its owner. */
export type AuthPayload = {
  __typename?: 'AuthPayload';
  /** A JWT (RFC 9068) to send as `Authorization: Bearer <token>`. */
  accessToken: Scalars['String']['output'];
  /** An opaque, single-use token for `refresh`. Never send it as a bearer token. */
  refreshToken: Scalars['String']['output'];
  /** Always `Bearer`. */
  tokenType: Scalars['String']['output'];
  /** Seconds until the access token expires. */
  expiresIn: Scalars['Int']['output'];
  user: User;
  /**
   * True when these tokens are at aal1 and the user has a second factor: they reach only me,
   * sessions, logout, revoke and verifySecondFactor until verifySecondFactor is called.
   */
  secondFactorRequired: Scalars['Boolean']['output'];
};

export type User = {
  __typename?: 'User';
  id: Scalars['ID']['output'];
  /** ADMIN or the user themself. */
  email: Scalars['String']['output'];
  /** ADMIN or the user themself. */
  roles: Array<Role>;
  /** ISO-8601 UTC. */
  createdAt: Scalars['String']['output'];
  /** True while an admin has disabled the account. ADMIN or the user themself. */
  disabled: Scalars['Boolean']['output'];
  /** Whether the user proved they receive mail at their address. ADMIN or the user themself. */
  emailVerified: Scalars['Boolean']['output'];
  /** The user's second factors. ADMIN or the user themself. */
  secondFactors: SecondFactors;
};

/** A user's second factors. */
export type SecondFactors = {
  __typename?: 'SecondFactors';
  /** An authenticator app (TOTP) is on. */
  totp: Scalars['Boolean']['output'];
  /** How many passkeys the user has. */
  passkeys: Scalars['Int']['output'];
  /** Recovery codes not used yet. */
  recoveryCodesLeft: Scalars['Int']['output'];
};

/** What an authenticator app needs, shown once while setting it up. */
export type TotpEnrollment = {
  __typename?: 'TotpEnrollment';
  /** The base32 secret, for typing in by hand. */
  secret: Scalars['String']['output'];
  /** The otpauth://totp/ URI. */
  uri: Scalars['String']['output'];
  /** The URI as an SVG QR code. */
  qrSvg: Scalars['String']['output'];
};

/** A WebAuthn credential of the caller's, as the account page lists it. */
export type Passkey = {
  __typename?: 'Passkey';
  /** The credential id, base64url. */
  id: Scalars['ID']['output'];
  /** The name its owner gave it. */
  name: Scalars['String']['output'];
  /** ISO-8601 UTC. */
  createdAt: Scalars['String']['output'];
  /** ISO-8601 UTC: the last sign-in with it; null until then. */
  lastUsedAt?: Maybe<Scalars['String']['output']>;
};

/** A login session, carried on by refresh-token rotation. */
export type Session = {
  __typename?: 'Session';
  id: Scalars['ID']['output'];
  /** ISO-8601 UTC. */
  createdAt: Scalars['String']['output'];
  /** ISO-8601 UTC: the last sign-in or refresh. */
  lastUsedAt: Scalars['String']['output'];
  /** ISO-8601 UTC: the absolute end; refreshing never extends it. */
  expiresAt: Scalars['String']['output'];
  /** True for the session of the access token making this request. */
  current: Scalars['Boolean']['output'];
};

export type UserConnection = {
  __typename?: 'UserConnection';
  edges: Array<UserEdge>;
  pageInfo: PageInfo;
};

export type UserEdge = {
  __typename?: 'UserEdge';
  cursor: Scalars['String']['output'];
  node: User;
};

export type PageInfo = {
  __typename?: 'PageInfo';
  hasNextPage: Scalars['Boolean']['output'];
  endCursor?: Maybe<Scalars['String']['output']>;
};

export type { Role };



export type ResolverTypeWrapper<T> = Promise<T> | T;


export type ResolverWithResolve<TResult, TParent, TContext, TArgs> = {
  resolve: ResolverFn<TResult, TParent, TContext, TArgs>;
};
export type Resolver<TResult, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = ResolverFn<TResult, TParent, TContext, TArgs> | ResolverWithResolve<TResult, TParent, TContext, TArgs>;

export type ResolverFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => Promise<TResult> | TResult;

export type SubscriptionSubscribeFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => AsyncIterable<TResult> | Promise<AsyncIterable<TResult>>;

export type SubscriptionResolveFn<TResult, TParent, TContext, TArgs> = (
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;

export interface SubscriptionSubscriberObject<TResult, TKey extends string, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<{ [key in TKey]: TResult }, TParent, TContext, TArgs>;
  resolve?: SubscriptionResolveFn<TResult, { [key in TKey]: TResult }, TContext, TArgs>;
}

export interface SubscriptionResolverObject<TResult, TParent, TContext, TArgs> {
  subscribe: SubscriptionSubscribeFn<any, TParent, TContext, TArgs>;
  resolve: SubscriptionResolveFn<TResult, any, TContext, TArgs>;
}

export type SubscriptionObject<TResult, TKey extends string, TParent, TContext, TArgs> =
  | SubscriptionSubscriberObject<TResult, TKey, TParent, TContext, TArgs>
  | SubscriptionResolverObject<TResult, TParent, TContext, TArgs>;

export type SubscriptionResolver<TResult, TKey extends string, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> =
  | ((...args: any[]) => SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>)
  | SubscriptionObject<TResult, TKey, TParent, TContext, TArgs>;

export type TypeResolveFn<TTypes, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (
  parent: TParent,
  context: TContext,
  info: GraphQLResolveInfo
) => Maybe<TTypes> | Promise<Maybe<TTypes>>;

export type IsTypeOfResolverFn<T = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>> = (obj: T, context: TContext, info: GraphQLResolveInfo) => boolean | Promise<boolean>;

export type NextResolverFn<T> = () => Promise<T>;

export type DirectiveResolverFn<TResult = Record<PropertyKey, never>, TParent = Record<PropertyKey, never>, TContext = Record<PropertyKey, never>, TArgs = Record<PropertyKey, never>> = (
  next: NextResolverFn<TResult>,
  parent: TParent,
  args: TArgs,
  context: TContext,
  info: GraphQLResolveInfo
) => TResult | Promise<TResult>;





/** Mapping between all available schema types and the resolvers types */
export type ResolversTypes = {
  Query: ResolverTypeWrapper<Record<PropertyKey, never>>;
  ID: ResolverTypeWrapper<Scalars['ID']['output']>;
  Int: ResolverTypeWrapper<Scalars['Int']['output']>;
  String: ResolverTypeWrapper<Scalars['String']['output']>;
  Mutation: ResolverTypeWrapper<Record<PropertyKey, never>>;
  Boolean: ResolverTypeWrapper<Scalars['Boolean']['output']>;
  AuthPayload: ResolverTypeWrapper<AuthPayloadModel>;
  User: ResolverTypeWrapper<UserModel>;
  SecondFactors: ResolverTypeWrapper<SecondFactorsModel>;
  TotpEnrollment: ResolverTypeWrapper<TotpEnrollment>;
  Passkey: ResolverTypeWrapper<PasskeyModel>;
  JSON: ResolverTypeWrapper<Scalars['JSON']['output']>;
  Session: ResolverTypeWrapper<SessionModel>;
  UserConnection: ResolverTypeWrapper<UserConnectionModel>;
  UserEdge: ResolverTypeWrapper<Omit<UserEdge, 'node'> & { node: ResolversTypes['User'] }>;
  PageInfo: ResolverTypeWrapper<PageInfo>;
  Role: Role;
};

/** Mapping between all available schema types and the resolvers parents */
export type ResolversParentTypes = {
  Query: Record<PropertyKey, never>;
  ID: Scalars['ID']['output'];
  Int: Scalars['Int']['output'];
  String: Scalars['String']['output'];
  Mutation: Record<PropertyKey, never>;
  Boolean: Scalars['Boolean']['output'];
  AuthPayload: AuthPayloadModel;
  User: UserModel;
  SecondFactors: SecondFactorsModel;
  TotpEnrollment: TotpEnrollment;
  Passkey: PasskeyModel;
  JSON: Scalars['JSON']['output'];
  Session: SessionModel;
  UserConnection: UserConnectionModel;
  UserEdge: Omit<UserEdge, 'node'> & { node: ResolversParentTypes['User'] };
  PageInfo: PageInfo;
};

export type QueryResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Query'] = ResolversParentTypes['Query']> = {
  me?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType>;
  user?: Resolver<Maybe<ResolversTypes['User']>, ParentType, ContextType, RequireFields<QueryUserArgs, 'id'>>;
  users?: Resolver<ResolversTypes['UserConnection'], ParentType, ContextType, RequireFields<QueryUsersArgs, 'first'>>;
  sessions?: Resolver<Array<ResolversTypes['Session']>, ParentType, ContextType>;
  passkeys?: Resolver<Array<ResolversTypes['Passkey']>, ParentType, ContextType>;
};

export type MutationResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Mutation'] = ResolversParentTypes['Mutation']> = {
  signUp?: Resolver<ResolversTypes['AuthPayload'], ParentType, ContextType, RequireFields<MutationSignUpArgs, 'email' | 'password'>>;
  login?: Resolver<ResolversTypes['AuthPayload'], ParentType, ContextType, RequireFields<MutationLoginArgs, 'email' | 'password'>>;
  refresh?: Resolver<ResolversTypes['AuthPayload'], ParentType, ContextType, RequireFields<MutationRefreshArgs, 'refreshToken'>>;
  revoke?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, Partial<MutationRevokeArgs>>;
  logout?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  endSession?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationEndSessionArgs, 'id'>>;
  revokeAllSessions?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, Partial<MutationRevokeAllSessionsArgs>>;
  changePassword?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationChangePasswordArgs, 'currentPassword' | 'newPassword'>>;
  createUser?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationCreateUserArgs, 'email' | 'password'>>;
  setRoles?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationSetRolesArgs, 'userId' | 'roles'>>;
  setDisabled?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationSetDisabledArgs, 'userId' | 'disabled'>>;
  requestEmailVerification?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  verifyEmail?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationVerifyEmailArgs, 'token'>>;
  requestPasswordReset?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationRequestPasswordResetArgs, 'email'>>;
  resetPassword?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationResetPasswordArgs, 'token' | 'newPassword'>>;
  sendPasswordReset?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationSendPasswordResetArgs, 'userId'>>;
  requestEmailChange?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationRequestEmailChangeArgs, 'newEmail' | 'currentPassword'>>;
  confirmEmailChange?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationConfirmEmailChangeArgs, 'token'>>;
  removeSecondFactors?: Resolver<ResolversTypes['User'], ParentType, ContextType, RequireFields<MutationRemoveSecondFactorsArgs, 'userId'>>;
  beginTotpEnrollment?: Resolver<ResolversTypes['TotpEnrollment'], ParentType, ContextType>;
  confirmTotpEnrollment?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType, RequireFields<MutationConfirmTotpEnrollmentArgs, 'code'>>;
  disableTotp?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationDisableTotpArgs, 'code'>>;
  regenerateRecoveryCodes?: Resolver<Array<ResolversTypes['String']>, ParentType, ContextType, RequireFields<MutationRegenerateRecoveryCodesArgs, 'code'>>;
  verifySecondFactor?: Resolver<ResolversTypes['AuthPayload'], ParentType, ContextType, RequireFields<MutationVerifySecondFactorArgs, 'code'>>;
  beginPasskeyRegistration?: Resolver<ResolversTypes['JSON'], ParentType, ContextType>;
  finishPasskeyRegistration?: Resolver<ResolversTypes['Passkey'], ParentType, ContextType, RequireFields<MutationFinishPasskeyRegistrationArgs, 'response'>>;
  beginPasskeyLogin?: Resolver<ResolversTypes['JSON'], ParentType, ContextType, Partial<MutationBeginPasskeyLoginArgs>>;
  finishPasskeyLogin?: Resolver<ResolversTypes['AuthPayload'], ParentType, ContextType, RequireFields<MutationFinishPasskeyLoginArgs, 'response'>>;
  deletePasskey?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType, RequireFields<MutationDeletePasskeyArgs, 'id'>>;
};

export type AuthPayloadResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['AuthPayload'] = ResolversParentTypes['AuthPayload']> = {
  accessToken?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  refreshToken?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  tokenType?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  expiresIn?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  user?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
  secondFactorRequired?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type UserResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['User'] = ResolversParentTypes['User']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  email?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  roles?: Resolver<Array<ResolversTypes['Role']>, ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  disabled?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  emailVerified?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  secondFactors?: Resolver<ResolversTypes['SecondFactors'], ParentType, ContextType>;
};

export type SecondFactorsResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['SecondFactors'] = ResolversParentTypes['SecondFactors']> = {
  totp?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  passkeys?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
  recoveryCodesLeft?: Resolver<ResolversTypes['Int'], ParentType, ContextType>;
};

export type TotpEnrollmentResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['TotpEnrollment'] = ResolversParentTypes['TotpEnrollment']> = {
  secret?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  uri?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  qrSvg?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
};

export type PasskeyResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Passkey'] = ResolversParentTypes['Passkey']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  name?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  lastUsedAt?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export interface JsonScalarConfig extends GraphQLScalarTypeConfig<ResolversTypes['JSON'], any> {
  name: 'JSON';
}

export type SessionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['Session'] = ResolversParentTypes['Session']> = {
  id?: Resolver<ResolversTypes['ID'], ParentType, ContextType>;
  createdAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  lastUsedAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  expiresAt?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  current?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
};

export type UserConnectionResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['UserConnection'] = ResolversParentTypes['UserConnection']> = {
  edges?: Resolver<Array<ResolversTypes['UserEdge']>, ParentType, ContextType>;
  pageInfo?: Resolver<ResolversTypes['PageInfo'], ParentType, ContextType>;
};

export type UserEdgeResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['UserEdge'] = ResolversParentTypes['UserEdge']> = {
  cursor?: Resolver<ResolversTypes['String'], ParentType, ContextType>;
  node?: Resolver<ResolversTypes['User'], ParentType, ContextType>;
};

export type PageInfoResolvers<ContextType = GraphQLContext, ParentType extends ResolversParentTypes['PageInfo'] = ResolversParentTypes['PageInfo']> = {
  hasNextPage?: Resolver<ResolversTypes['Boolean'], ParentType, ContextType>;
  endCursor?: Resolver<Maybe<ResolversTypes['String']>, ParentType, ContextType>;
};

export type RoleResolvers = EnumResolverSignature<{ USER?: any, ADMIN?: any }, ResolversTypes['Role']>;

export type Resolvers<ContextType = GraphQLContext> = {
  Query?: QueryResolvers<ContextType>;
  Mutation?: MutationResolvers<ContextType>;
  AuthPayload?: AuthPayloadResolvers<ContextType>;
  User?: UserResolvers<ContextType>;
  SecondFactors?: SecondFactorsResolvers<ContextType>;
  TotpEnrollment?: TotpEnrollmentResolvers<ContextType>;
  Passkey?: PasskeyResolvers<ContextType>;
  JSON?: GraphQLScalarType;
  Session?: SessionResolvers<ContextType>;
  UserConnection?: UserConnectionResolvers<ContextType>;
  UserEdge?: UserEdgeResolvers<ContextType>;
  PageInfo?: PageInfoResolvers<ContextType>;
  Role?: RoleResolvers;
};

