import { describe, expect, it } from "vitest";
import {
  assuranceGates,
  combinedAssurance,
  legacyAssurance,
  passwordAssurance,
  withSecondFactor,
} from "../../src/sessions/assurance.js";

const NOW = Date.UTC(2026, 0, 1, 12);
const NOW_S = NOW / 1000;

describe("assurance", () => {
  it("counts a password sign-in as aal1 pwd at the time it was made", () => {
    expect(passwordAssurance(NOW + 999)).toEqual({ authTime: NOW_S, acr: "aal1", amr: ["pwd"] });
  });

  it("reads a session stored without assurance as a password sign-in at its creation", () => {
    expect(legacyAssurance(NOW - 60_000)).toEqual({
      authTime: NOW_S - 60,
      acr: "aal1",
      amr: ["pwd"],
    });
  });

  it.each([
    [["pwd", "otp"], "aal2", ["pwd", "otp", "mfa"]],
    [["otp", "pwd", "pwd"], "aal2", ["pwd", "otp", "mfa"]],
    [["hwk", "user"], "aal2", ["hwk", "user", "mfa"]],
    [["swk", "user"], "aal2", ["swk", "user", "mfa"]],
    [["swk"], "aal1", ["swk"]],
    [["otp"], "aal1", ["otp"]],
    [["pwd", "made-up"], "aal1", ["pwd"]],
  ] as const)("combines %j into %s %j", (methods, acr, amr) => {
    expect(combinedAssurance(methods, NOW)).toEqual({ authTime: NOW_S, acr, amr });
  });

  it("raises a password session to aal2 with a second factor, at the time of the factor", () => {
    const first = passwordAssurance(NOW - 30_000);
    expect(withSecondFactor(first, ["otp"], NOW)).toEqual({
      authTime: NOW_S,
      acr: "aal2",
      amr: ["pwd", "otp", "mfa"],
    });
  });
});

describe("assurance gates", () => {
  const policy = { requireVerifiedEmail: false, reauthMaxAgeSeconds: 300 };
  const plain = { emailVerified: false, secondFactors: { totp: false, passkeys: 0 } };
  const withTotp = { emailVerified: true, secondFactors: { totp: true, passkeys: 0 } };
  const withPasskey = { emailVerified: true, secondFactors: { totp: false, passkeys: 1 } };
  const aal1 = (age: number) => passwordAssurance(NOW - age * 1000);
  const aal2 = (age: number) => combinedAssurance(["pwd", "otp"], NOW - age * 1000);

  it("owes a second factor only for a user who has one, at aal1", () => {
    expect(assuranceGates(aal1(0), plain, policy, NOW).secondFactorOwed).toBe(false);
    expect(assuranceGates(aal1(0), withTotp, policy, NOW).secondFactorOwed).toBe(true);
    expect(assuranceGates(aal1(0), withPasskey, policy, NOW).secondFactorOwed).toBe(true);
    expect(assuranceGates(aal2(0), withTotp, policy, NOW).secondFactorOwed).toBe(false);
  });

  it("stops an unverified address only when verification is required", () => {
    expect(assuranceGates(aal1(0), plain, policy, NOW).emailUnverified).toBe(false);
    const required = { ...policy, requireVerifiedEmail: true };
    expect(assuranceGates(aal1(0), plain, required, NOW).emailUnverified).toBe(true);
    expect(assuranceGates(aal2(0), withTotp, required, NOW).emailUnverified).toBe(false);
  });

  it("counts a sign-in as recent up to the max age, and aal2 for a user with a factor", () => {
    expect(assuranceGates(aal1(300), plain, policy, NOW).recent).toBe(true);
    expect(assuranceGates(aal1(301), plain, policy, NOW).recent).toBe(false);
    expect(assuranceGates(aal1(0), withTotp, policy, NOW).recent).toBe(false);
    expect(assuranceGates(aal2(299), withTotp, policy, NOW).recent).toBe(true);
    expect(assuranceGates(aal2(301), withTotp, policy, NOW).recent).toBe(false);
  });
});
