/**
 * The public errors the integration tests expect, as `errorOf` reads them: each code with the
 * one message the API gives it, so a changed message is changed here once.
 */
import type { PublicError } from "./gql.js";

export const NOT_SIGNED_IN: PublicError = {
  code: "UNAUTHENTICATED",
  message: "You must be signed in.",
};
export const FORBIDDEN: PublicError = {
  code: "FORBIDDEN",
  message: "You are not allowed to do this.",
};
export const INTERNAL: PublicError = {
  code: "INTERNAL_SERVER_ERROR",
  message: "Internal server error.",
};
export const INVALID_CREDENTIALS: PublicError = {
  code: "UNAUTHENTICATED",
  message: "Invalid email or password.",
};
export const INVALID_EMAIL: PublicError = {
  code: "BAD_USER_INPUT",
  message: "The email address is not valid.",
};
export const EMAIL_TAKEN: PublicError = {
  code: "BAD_USER_INPUT",
  message: "An account with this email already exists.",
};
export const LOGIN_LIMITED: PublicError = {
  code: "RATE_LIMITED",
  message: "Too many failed sign-in attempts. Try again later.",
};
export const SIGNUP_LIMITED: PublicError = {
  code: "RATE_LIMITED",
  message: "Too many sign-up attempts. Try again later.",
};
export const REFRESH_LIMITED: PublicError = {
  code: "RATE_LIMITED",
  message: "Too many failed refresh attempts. Try again later.",
};
export const CHANGE_LIMITED: PublicError = {
  code: "RATE_LIMITED",
  message: "Too many failed password changes. Try again later.",
};
export const MFA_REQUIRED: PublicError = {
  code: "MFA_REQUIRED",
  message: "Verify your second factor (verifySecondFactor) to continue.",
};
export const EMAIL_NOT_VERIFIED: PublicError = {
  code: "EMAIL_NOT_VERIFIED",
  message: "Verify your email address (requestEmailVerification) to continue.",
};
export const REAUTHENTICATION_REQUIRED: PublicError = {
  code: "REAUTHENTICATION_REQUIRED",
  message: "Sign in again to do this.",
};
