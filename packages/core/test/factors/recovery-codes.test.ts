import { systemRandom, type UserId } from "@gatehouse/core";
import { describe, expect, it } from "vitest";
import { newRecoveryCodes, recoveryCodeHash } from "../../src/factors/recovery-codes.js";

const ADA = "11111111-1111-4111-8111-111111111111" as UserId;
const BOB = "22222222-2222-4222-8222-222222222222" as UserId;

describe("recovery codes", () => {
  it("makes 10 distinct codes of 80 random bits, as four groups of four base32 letters", () => {
    const { codes } = newRecoveryCodes(ADA, systemRandom);

    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    // 16 letters of 5 bits each: 80 bits, above the contract's 64.
    for (const code of codes) expect(code).toMatch(/^[a-z2-7]{4}(-[a-z2-7]{4}){3}$/);
  });

  it("keeps only hashes, which name no code", () => {
    const { codes, hashes } = newRecoveryCodes(ADA, systemRandom);

    expect(hashes).toHaveLength(10);
    for (const [i, code] of codes.entries()) {
      expect(hashes[i]).toBe(recoveryCodeHash(ADA, code));
      expect(hashes.join()).not.toContain(code.replaceAll("-", ""));
    }
  });

  it("reads a code whatever its case, spaces and hyphens", () => {
    const [code = ""] = newRecoveryCodes(ADA, systemRandom).codes;
    const hash = recoveryCodeHash(ADA, code);

    expect(recoveryCodeHash(ADA, code.toUpperCase())).toBe(hash);
    expect(recoveryCodeHash(ADA, ` ${code.replaceAll("-", " ")} `)).toBe(hash);
    expect(recoveryCodeHash(ADA, code.replaceAll("-", ""))).toBe(hash);
  });

  it("hashes the same code differently for another user, and refuses what cannot be a code", () => {
    const [code = ""] = newRecoveryCodes(ADA, systemRandom).codes;

    expect(recoveryCodeHash(BOB, code)).not.toBe(recoveryCodeHash(ADA, code));
    expect(recoveryCodeHash(ADA, "123456")).toBeNull();
    expect(recoveryCodeHash(ADA, `${code}a`)).toBeNull();
    expect(recoveryCodeHash(ADA, "abcd-efgh-ijkl-mno1")).toBeNull();
  });
});
