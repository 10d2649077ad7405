// The fields the page selects, in one place. `secondFactorRequired` belongs to another part of
// the API (second factors); once the schema has it, add it to AUTH_FIELDS and a sign-in that
// needs it switches to the second-factor step (second-factor.ts).

/** What the page reads of a `User`. */
export const USER_FIELDS = "id email roles emailVerified";

/** What the page reads of an `AuthPayload`. */
export const AUTH_FIELDS = `accessToken refreshToken expiresIn user { ${USER_FIELDS} }`;

/** A `User` as the page reads it. */
export interface UserData {
  readonly id: string;
  readonly email: string;
  readonly roles: readonly string[];
  readonly emailVerified: boolean;
}

/** An `AuthPayload` as the page reads it; `secondFactorRequired` once AUTH_FIELDS selects it. */
export interface AuthData {
  readonly accessToken: string;
  readonly refreshToken: string;
  readonly expiresIn: number;
  readonly user: UserData;
  readonly secondFactorRequired?: boolean;
}
