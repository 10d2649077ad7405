import { type AuthSettings, DEFAULT_ROLE_SET } from "@gatehouse/core";

/**
 * Auth settings for domain and adapter tests: the test issuer, one-hour sessions, a login limit
 * small enough to reach cheaply, and an anonymous budget no test file reaches by accident.
 */
export const TEST_SETTINGS: AuthSettings = {
  issuer: "https://gatehouse.test",
  audience: "gatehouse",
  ttlSeconds: 900,
  refreshTtlSeconds: 3600,
  signup: "open",
  loginMaxFailures: 3,
  loginMaxFailuresPerEmail: 100,
  loginWindowSeconds: 900,
  sourceMaxAttempts: 30,
  sourcePrefixFactor: 4,
  sourceWindowSeconds: 900,
  anonMaxAttempts: 100_000,
  anonWindowSeconds: 60,
  passwordMinLength: 15,
  passwordResetMinMs: 1000,
  requireVerifiedEmail: false,
  reauthMaxAgeSeconds: 300,
  roles: DEFAULT_ROLE_SET,
  appUrl: "https://gatehouse.test/account",
  webauthnRpId: "gatehouse.test",
  webauthnOrigins: ["https://gatehouse.test"],
};
