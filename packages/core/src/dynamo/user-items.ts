import { NO_SECOND_FACTORS } from "../factors/second-factors.js";
import type { Email, SessionId, UserId } from "../ids.js";
import type { SecondFactors, UserProfile, UserRecord } from "../ports.js";
import type { Role } from "../roles.js";
import type { Item } from "./table.js";

/** The profile fields of a profile item (it holds revocation sets and index keys besides). */
export function toProfile(item: Item): UserProfile {
  return {
    id: item.id as UserId,
    email: item.email as Email,
    roles: item.roles as Role[],
    createdAt: item.createdAt as number,
    accessNotBefore: item.accessNotBefore as number,
    sessionsNotBefore: item.sessionsNotBefore as number,
    // Profiles written before credential generations existed are at the first one.
    credentialVersion: generation(item.credentialVersion),
    keptSession: typeof item.keptSession === "string" ? (item.keptSession as SessionId) : null,
    // Profiles written before verification and second factors existed: neither.
    emailVerified: item.emailVerified === true,
    disabled: item.disabled === true,
    secondFactors: secondFactorsOf(item.secondFactors),
  };
}

/** The stored second factors; absent or partly written: none of what is missing. */
function secondFactorsOf(value: unknown): SecondFactors {
  const stored = (typeof value === "object" && value !== null ? value : {}) as Item;
  return {
    totp: stored.totp === true,
    passkeys: typeof stored.passkeys === "number" ? stored.passkeys : NO_SECOND_FACTORS.passkeys,
  };
}

/** A stored generation number; absent (an item from an earlier version) is generation 0. */
export function generation(value: unknown): number {
  return typeof value === "number" ? value : 0;
}

/**
 * The password in force, from the profile and the password item read together. The profile's
 * `passwordVersion` names the generation whose password is in force; the password item holds
 * that password, or stages the next one (`pendingHash`, see credential-change.ts), which is
 * in force from the moment the profile names its generation. A read that caught a change
 * between its writes finds neither and gets "", which verifies no password.
 */
function passwordInForce(profile: Item, password: Item | undefined): string {
  if (password === undefined) return "";
  const wanted = generation(profile.passwordVersion);
  if (
    typeof password.pendingHash === "string" &&
    typeof password.pendingVersion === "number" &&
    password.pendingVersion === wanted
  ) {
    return password.pendingHash;
  }
  if (
    typeof password.passwordHash === "string" &&
    generation(password.passwordVersion) === wanted
  ) {
    return password.passwordHash;
  }
  return "";
}

/** The user of a profile item and its password item, read together. */
export function toRecord(profile: Item, password: Item | undefined): UserRecord {
  // Written before the profile and never removed, the password item is there for every user;
  // were it missing, an empty hash verifies no password.
  return {
    ...toProfile(profile),
    passwordHash: passwordInForce(profile, password),
  } satisfies UserRecord;
}
