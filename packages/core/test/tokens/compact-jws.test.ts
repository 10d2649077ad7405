import { describe, expect, it } from "vitest";
import { isCanonicalCompactJws } from "../../src/tokens/compact-jws.js";

// Segments of known bytes: "a" is 1 byte (2 characters, 4 unused bits), "ab" 2 bytes
// (3 characters, 2 unused bits), "abc" 3 bytes (4 characters, none unused).
const ONE = Buffer.from("a").toString("base64url"); // "YQ"
const TWO = Buffer.from("ab").toString("base64url"); // "YWI"
const THREE = Buffer.from("abc").toString("base64url"); // "YWJj"

describe("isCanonicalCompactJws", () => {
  it("accepts three segments of canonical base64url of every length class", () => {
    expect(isCanonicalCompactJws(`${ONE}.${TWO}.${THREE}`)).toBe(true);
    expect(isCanonicalCompactJws(`${THREE}.${ONE}.${TWO}`)).toBe(true);
    expect(isCanonicalCompactJws("-_-_.AA.AAA")).toBe(true);
  });

  it("refuses any number of segments but three, and an empty segment", () => {
    for (const token of [
      "",
      THREE,
      `${THREE}.${THREE}`,
      `${THREE}.${THREE}.${THREE}.${THREE}`,
      `${THREE}.${THREE}.${THREE}.${THREE}.${THREE}`,
      `${THREE}.${THREE}.`,
      `.${THREE}.${THREE}`,
      `${THREE}..${THREE}`,
    ]) {
      expect(isCanonicalCompactJws(token), token).toBe(false);
    }
  });

  it("refuses padding on any segment (RFC 7515 §2: base64url without padding)", () => {
    expect(isCanonicalCompactJws(`${ONE}==.${THREE}.${THREE}`)).toBe(false);
    expect(isCanonicalCompactJws(`${THREE}.${TWO}=.${THREE}`)).toBe(false);
    expect(isCanonicalCompactJws(`${THREE}.${THREE}.${ONE}==`)).toBe(false);
    expect(isCanonicalCompactJws(`${THREE}.${THREE}.${THREE}====`)).toBe(false);
  });

  it("refuses characters outside the base64url alphabet", () => {
    for (const stray of ["+", "/", "~", " ", "\t", "\n", "=", "%", "é", "\u200b"]) {
      expect(isCanonicalCompactJws(`${THREE}.Y${stray}WI.${THREE}`), JSON.stringify(stray)).toBe(
        false,
      );
    }
  });

  it("refuses non-zero unused trailing bits (RFC 4648 §3.5)", () => {
    // "YQ" is 011000 010000: the low 4 bits of "Q" are unused; "YR".."Yf" spell the same byte.
    for (const last of ["R", "S", "T", "U", "V", "W", "X", "Y", "Z", "a", "f"]) {
      expect(isCanonicalCompactJws(`Y${last}.${THREE}.${THREE}`), last).toBe(false);
    }
    // "YWI" ends 001000: the low 2 bits of "I" are unused; "J", "K" and "L" spell the same.
    for (const last of ["J", "K", "L"]) {
      expect(isCanonicalCompactJws(`${THREE}.YW${last}.${THREE}`), last).toBe(false);
      expect(isCanonicalCompactJws(`${THREE}.${THREE}.YW${last}`), last).toBe(false);
    }
    // Zero low bits in every position class stay valid.
    expect(isCanonicalCompactJws(`YQ.YWI.YWM`)).toBe(true);
  });

  it("refuses a segment whose length is 1 mod 4 (it encodes no whole byte)", () => {
    expect(isCanonicalCompactJws(`A.${THREE}.${THREE}`)).toBe(false);
    expect(isCanonicalCompactJws(`${THREE}.${THREE}A.${THREE}`)).toBe(false);
    expect(isCanonicalCompactJws(`${THREE}.${THREE}.${THREE}${THREE}Q`)).toBe(false);
  });
});
