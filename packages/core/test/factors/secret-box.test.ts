import {
  generateTotpKey,
  openSecret,
  parseTotpKeys,
  sealSecret,
  type UserId,
} from "@gatehouse/core";
import { describe, expect, it } from "vitest";

const ADA = "11111111-1111-4111-8111-111111111111" as UserId;
const BOB = "22222222-2222-4222-8222-222222222222" as UserId;
const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";

/** Flips one character of a base64url part, keeping it base64url. */
function flip(text: string, at: number): string {
  const swapped = text[at] === "A" ? "B" : "A";
  return `${text.slice(0, at)}${swapped}${text.slice(at + 1)}`;
}

describe("TOTP secret sealing", () => {
  it("opens what it sealed, for the same user, and never holds the secret in clear", () => {
    const ring = parseTotpKeys(generateTotpKey("k1"));

    const sealed = sealSecret(ring, ADA, SECRET);

    expect(sealed).not.toContain(SECRET);
    expect(sealed.split(".").slice(0, 2)).toEqual(["v1", "k1"]);
    expect(openSecret(ring, ADA, sealed)).toBe(SECRET);
  });

  it("seals the same secret differently each time (a fresh IV)", () => {
    const ring = parseTotpKeys(generateTotpKey("k1"));

    expect(sealSecret(ring, ADA, SECRET)).not.toBe(sealSecret(ring, ADA, SECRET));
  });

  it("refuses a sealed secret moved to another user (the user id is associated data)", () => {
    const ring = parseTotpKeys(generateTotpKey("k1"));

    expect(openSecret(ring, BOB, sealSecret(ring, ADA, SECRET))).toBeNull();
  });

  it("refuses an altered ciphertext, IV or key id", () => {
    const ring = parseTotpKeys(`${generateTotpKey("k1")},${generateTotpKey("k2")}`);
    const [version, kid, iv, body] = sealSecret(ring, ADA, SECRET).split(".") as [
      string,
      string,
      string,
      string,
    ];

    expect(openSecret(ring, ADA, [version, kid, iv, flip(body, 3)].join("."))).toBeNull();
    expect(openSecret(ring, ADA, [version, kid, flip(iv, 2), body].join("."))).toBeNull();
    expect(openSecret(ring, ADA, [version, "k2", iv, body].join("."))).toBeNull();
    expect(openSecret(ring, ADA, `${version}.${kid}.${iv}`)).toBeNull();
    expect(openSecret(ring, ADA, "not sealed")).toBeNull();
  });

  it("opens with a retired key after rotation and seals with the new first key", () => {
    const old = generateTotpKey("old");
    const sealedBefore = sealSecret(parseTotpKeys(old), ADA, SECRET);
    const rotated = parseTotpKeys(`${generateTotpKey("new")},${old}`);

    expect(openSecret(rotated, ADA, sealedBefore)).toBe(SECRET);
    expect(sealSecret(rotated, ADA, SECRET).split(".")[1]).toBe("new");
    expect(openSecret(parseTotpKeys(generateTotpKey("new")), ADA, sealedBefore)).toBeNull();
  });

  it("refuses malformed key lists with a message that never repeats a key", () => {
    const key = generateTotpKey("k1");
    const short = "k2:c2hvcnQ";

    expect(() => parseTotpKeys("")).toThrow("each TOTP key must be `id:key`");
    expect(() => parseTotpKeys(short)).toThrow(
      "TOTP key k2 must be 32 bytes in base64url (43 characters)",
    );
    expect(() => parseTotpKeys(`${key},${key}`)).toThrow("TOTP key k1 is listed twice");
    expect(() => parseTotpKeys("bad id:x")).toThrow("each TOTP key must be `id:key`");
    try {
      parseTotpKeys(`${key}=`);
    } catch (error) {
      expect(String(error)).not.toContain(key.split(":")[1]);
    }
  });
});
