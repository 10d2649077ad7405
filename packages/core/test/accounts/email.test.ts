import { ERROR_CODES } from "@gatehouse/core";
import { describe, expect, it } from "vitest";
import { acceptEmail, parseEmail } from "../../src/accounts/email.js";
import { thrownBy } from "../support/errors.js";

describe("email parsing", () => {
  it("trims and lower-cases an address", () => {
    expect(parseEmail("  Ada.Lovelace@Example.COM \n")).toBe("ada.lovelace@example.com");
  });

  it("accepts plus addressing and subdomains", () => {
    expect(parseEmail("ada+gatehouse@mail.example.co.uk")).toBe("ada+gatehouse@mail.example.co.uk");
  });

  it.each([
    ["an empty string", ""],
    ["no at sign", "ada.example.com"],
    ["two at signs", "ada@lovelace@example.com"],
    ["an empty local part", "@example.com"],
    ["an empty domain", "ada@"],
    ["a domain without a dot", "ada@localhost"],
    ["an empty domain label", "ada@example..com"],
    ["a trailing dot", "ada@example.com."],
    ["inner whitespace", "ada lovelace@example.com"],
  ])("refuses %s", (_, value) => {
    expect(parseEmail(value)).toBeNull();
  });

  it("refuses a local part over 64 octets (RFC 5321 §4.5.3.1)", () => {
    expect(parseEmail(`${"a".repeat(64)}@example.com`)).not.toBeNull();
    expect(parseEmail(`${"a".repeat(65)}@example.com`)).toBeNull();
  });

  it("refuses an address over 254 characters", () => {
    const domain = (length: number) => `${"d".repeat(length - 4)}.com`;
    const at254 = `ada@${domain(250)}`;
    expect(at254).toHaveLength(254);
    expect(parseEmail(at254)).toBe(at254);
    expect(parseEmail(`ada@${domain(251)}`)).toBeNull();
  });

  it("fails acceptEmail with INVALID_EMAIL and a message that does not echo the input", () => {
    const error = thrownBy(() => acceptEmail("not an email"));
    expect(error.code).toBe(ERROR_CODES.INVALID_EMAIL);
    expect(error.message).toBe("The email address is not valid.");
  });

  it("treats a composed and a decomposed accent as one address (NFC)", () => {
    expect(parseEmail("Jose\u0301@example.com")).toBe("jos\u00e9@example.com");
    expect(parseEmail("jos\u00e9@example.com")).toBe("jos\u00e9@example.com");
  });

  it("puts the domain in its ASCII (IDNA) form", () => {
    expect(parseEmail("ada@B\u00fccher.Example")).toBe("ada@xn--bcher-kva.example");
    expect(parseEmail("ada@xn--bcher-kva.example")).toBe("ada@xn--bcher-kva.example");
    expect(parseEmail("ada@xn--zz.example")).toBeNull();
  });

  it.each([
    ["a zero-width space", "ada\u200b@example.com"],
    ["a trailing zero-width joiner", "ada@example.com\u200d"],
    ["a right-to-left override", "ada\u202e@example.com"],
    ["a first-strong isolate", "ada@exa\u2068mple.com"],
    ["a control character", "ada\u0007@example.com"],
    ["a variation selector", "ada\ufe0f@example.com"],
    ["a Hangul filler", "ada\u3164@example.com"],
  ])("refuses an address holding %s, saying why", (_, value) => {
    expect(parseEmail(value)).toBeNull();
    const error = thrownBy(() => acceptEmail(value));
    expect(error.code).toBe(ERROR_CODES.INVALID_EMAIL);
    expect(error.message).toBe("The email address contains invisible or control characters.");
  });

  it("returns the normalised address from acceptEmail", () => {
    expect(acceptEmail(" Grace@Example.com")).toBe("grace@example.com");
  });
});
