/** Every role a user can hold. */
export const ROLES = ["USER", "ADMIN"] as const;

/** A role name, as it appears in the `roles` claim and in the schema. */
export type Role = (typeof ROLES)[number];

/** True when `value` names a known role. */
export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

/** Removes duplicates and sorts roles into their canonical order. */
export function normalizeRoles(roles: readonly Role[]): Role[] {
  return ROLES.filter((role) => roles.includes(role));
}
