// The fields the page selects, in one place. `secondFactorRequired` switches a sign-in to the
// second-factor step (second-factor.ts).

/** What the page reads of a `User`. */
export const USER_FIELDS = "id email roles emailVerified";

/** What the page reads of an `AuthPayload`. */
export const AUTH_FIELDS = `accessToken refreshToken expiresIn user { ${USER_FIELDS} } secondFactorRequired`;

/** What the account view reads of the caller's second factors (the count costs a read). */
export const FACTOR_FIELDS = "secondFactors { totp passkeys recoveryCodesLeft }";

/** A `User`'s second factors as the page reads them. */
export interface FactorsData {
  readonly totp: boolean;
  readonly passkeys: number;
  readonly recoveryCodesLeft: number;
}

/** A `User` as the page reads it. */
export interface UserData {
  readonly id: string;
  readonly email: string;
  readonly roles: readonly string[];
  readonly emailVerified: boolean;
}

/** An `AuthPayload` as the page reads it. */
export interface AuthData {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expiresIn: number;
  readonly user: UserData;
  readonly secondFactorRequired?: boolean;
}
