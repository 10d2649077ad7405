// The fields the page selects, in one place. The v2 fields below belong to other parts of the
// API (email verification, second factors); once the schema has them, add them here and the
// page shows them: `emailVerified` in the account summary, `secondFactorRequired` switching a
// sign-in to the second-factor step (second-factor.ts).

/** What the page reads of a `User`. */
export const USER_FIELDS = "id email roles";

/** What the page reads of an `AuthPayload`. */
export const AUTH_FIELDS = `accessToken refreshToken expiresIn user { ${USER_FIELDS} }`;

/** A `User` as the page reads it; `emailVerified` once USER_FIELDS selects it. */
export interface UserData {
  readonly id: string;
  readonly email: string;
  readonly roles: readonly string[];
  readonly emailVerified?: boolean;
}

/** An `AuthPayload` as the page reads it; `secondFactorRequired` once AUTH_FIELDS selects it. */
export interface AuthData {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expiresIn: number;
  readonly user: UserData;
  readonly secondFactorRequired?: boolean;
}
