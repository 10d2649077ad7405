import type { SecondFactors } from "../ports.js";

/** The second factors of a user who has none (a profile without the attribute). */
export const NO_SECOND_FACTORS: SecondFactors = Object.freeze({ totp: false, passkeys: 0 });
