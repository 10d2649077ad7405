import { ERROR_CODES } from "@gatehouse/core";
import { describe, expect, it } from "vitest";
import {
  acceptPassword,
  codePointLength,
  MAX_PASSWORD_LENGTH,
  normalizePassword,
} from "../../src/credentials/password-policy.js";
import { thrownBy } from "../support/errors.js";

const WEAK_MESSAGE = "The password must be 15 to 256 characters long.";

function expectWeak(password: string, minLength = 15) {
  const error = thrownBy(() => acceptPassword(password, minLength));
  expect(error.code).toBe(ERROR_CODES.WEAK_PASSWORD);
  expect(error.message).toBe(`The password must be ${minLength} to 256 characters long.`);
  return error;
}

describe("password length", () => {
  it("counts code points, not UTF-16 units or bytes", () => {
    expect(codePointLength("abc")).toBe(3);
    expect(codePointLength("🔑")).toBe(1);
    expect("🔑".length).toBe(2);
    expect(codePointLength("🔑".repeat(15))).toBe(15);
    expect(codePointLength("")).toBe(0);
  });

  it("accepts exactly the minimum length and refuses one code point less", () => {
    expect(acceptPassword("a".repeat(15), 15)).toBe("a".repeat(15));
    expectWeak("a".repeat(14));
  });

  it("counts an emoji once, so 14 emoji (28 UTF-16 units) are too short and 15 are enough", () => {
    expectWeak("🔑".repeat(14));
    expect(acceptPassword("🔑".repeat(15), 15)).toBe("🔑".repeat(15));
  });

  it("accepts 256 code points and refuses 257", () => {
    expect(MAX_PASSWORD_LENGTH).toBe(256);
    expect(acceptPassword("a".repeat(256), 15)).toHaveLength(256);
    expectWeak("a".repeat(257));
  });

  it("accepts 256 four-byte characters: the bound is not in bytes", () => {
    const password = "😀".repeat(256);
    expect(Buffer.byteLength(password)).toBe(1024);
    expect(acceptPassword(password, 15)).toBe(password);
    expectWeak("😀".repeat(257));
  });

  it("uses the configured minimum", () => {
    expect(acceptPassword("a".repeat(8), 8)).toBe("a".repeat(8));
    expectWeak("a".repeat(7), 8);
  });

  it("names the bounds without echoing the password", () => {
    const error = expectWeak("hunter2");
    expect(error.message).toBe(WEAK_MESSAGE);
    expect(error.message).not.toContain("hunter2");
  });
});

describe("password normalisation", () => {
  it("NFKC-normalises, so the same passphrase typed two ways is the same password", () => {
    const fullWidth = "ｃｏｒｒｅｃｔ ｈｏｒｓｅ ｂａｔｔｅｒｙ";
    expect(acceptPassword(fullWidth, 15)).toBe("correct horse battery");
    const composed = "caf\u00e9 au lait, s'il vous plait";
    const decomposed = "cafe\u0301 au lait, s'il vous plait";
    expect(acceptPassword(decomposed, 15)).toBe(acceptPassword(composed, 15));
    expect(normalizePassword(decomposed)).toBe(composed);
  });

  it("measures the length after normalisation", () => {
    // The ligature "ﬁ" is one code point that NFKC turns into two.
    const ligature = `${"a".repeat(13)}\ufb01`;
    expect(codePointLength(ligature)).toBe(14);
    expect(acceptPassword(ligature, 15)).toBe(`${"a".repeat(13)}fi`);
    // "e" + combining acute is two code points that NFKC turns into one.
    expectWeak(`${"a".repeat(13)}e\u0301`);
  });

  it("keeps the whole password, with no truncation at 72 bytes", () => {
    const long = `${"a".repeat(100)}tail`;
    expect(acceptPassword(long, 15)).toBe(long);
  });
});
