import { ERROR_CODES, INVALID_TOKEN_MESSAGE } from "@gatehouse/core";
import { describe, expect, it } from "vitest";
import { MAX_AUTHORIZATION_LENGTH, parseBearer } from "../../src/tokens/bearer.js";
import { thrownBy } from "../support/errors.js";

const TOKEN = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl";

function expectRefused(authorization: string) {
  const error = thrownBy(() => parseBearer(authorization));
  expect(error.code).toBe(ERROR_CODES.BAD_AUTHORIZATION_HEADER);
  expect(error.message).toBe(INVALID_TOKEN_MESSAGE);
}

describe("bearer parsing", () => {
  it("extracts the token from a Bearer credential", () => {
    expect(parseBearer(`Bearer ${TOKEN}`)).toBe(TOKEN);
  });

  it("matches the scheme case-insensitively (RFC 6750 §2.1)", () => {
    expect(parseBearer(`bearer ${TOKEN}`)).toBe(TOKEN);
    expect(parseBearer(`BEARER ${TOKEN}`)).toBe(TOKEN);
    expect(parseBearer(`bEaReR ${TOKEN}`)).toBe(TOKEN);
  });

  it("allows one or more spaces after the scheme", () => {
    expect(parseBearer(`Bearer    ${TOKEN}`)).toBe(TOKEN);
  });

  it("accepts token68 padding", () => {
    expect(parseBearer("Bearer abc+/def==")).toBe("abc+/def==");
  });

  it.each([
    ["another scheme", `Basic ${TOKEN}`],
    ["the scheme alone", "Bearer"],
    ["the scheme and a space", "Bearer "],
    ["no space after the scheme", `Bearer${TOKEN}`],
    ["a tab instead of a space", `Bearer\t${TOKEN}`],
    ["leading whitespace", ` Bearer ${TOKEN}`],
    ["trailing whitespace", `Bearer ${TOKEN} `],
    ["two tokens", `Bearer ${TOKEN} ${TOKEN}`],
    ["a repeated header joined by a comma", `Bearer ${TOKEN}, Bearer ${TOKEN}`],
    ["characters outside token68", `Bearer ${TOKEN}"`],
    ["padding in the middle", "Bearer abc=def"],
    ["an empty value", ""],
  ])("refuses %s", (_, authorization) => {
    expectRefused(authorization);
  });

  it("accepts a value of exactly 8 KiB and refuses one byte more", () => {
    expect(MAX_AUTHORIZATION_LENGTH).toBe(8192);
    const prefix = "Bearer ";
    const fits = `${prefix}${"a".repeat(8192 - prefix.length)}`;
    expect(parseBearer(fits)).toHaveLength(8192 - prefix.length);
    expectRefused(`${fits}a`);
  });
});
