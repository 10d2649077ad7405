import { systemRandom } from "@gatehouse/core";
import { generate } from "otplib";
import { describe, expect, it } from "vitest";
import { matchTotp, newTotpSecret, totpQrSvg, totpStep, totpUri } from "../../src/factors/totp.js";

const SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
/** A moment in the middle of step `T0_STEP`. */
const T0_STEP = 59_000_000;
const T0 = (T0_STEP * 30 + 15) * 1000;
const STEP_MS = 30_000;

/** The code an authenticator app shows at `epochMs`, computed with the same library. */
const codeAt = (epochMs: number, secret = SECRET) =>
  generate({ secret, epoch: Math.floor(epochMs / 1000) });

describe("TOTP (RFC 6238: SHA-1, 6 digits, 30 s)", () => {
  it("makes 160-bit base32 secrets, different every time", () => {
    const secrets = new Set(Array.from({ length: 20 }, () => newTotpSecret(systemRandom)));

    expect(secrets.size).toBe(20);
    for (const secret of secrets) expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  });

  it("writes the otpauth URI authenticator apps read", () => {
    const uri = totpUri(SECRET, "auth.example.com", "ada+2fa@example.com");

    expect(uri).toBe(
      `otpauth://totp/auth.example.com:ada%2B2fa%40example.com?secret=${SECRET}&issuer=auth.example.com&algorithm=SHA1&digits=6&period=30`,
    );
  });

  it("draws the URI as an SVG QR code", async () => {
    const svg = await totpQrSvg(totpUri(SECRET, "gatehouse.test", "ada@example.com"));

    expect(svg).toMatch(/^<svg [^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
    expect(svg).not.toContain("<script");
  });

  it("accepts the code of the current step and returns that step", async () => {
    expect(await matchTotp(SECRET, await codeAt(T0), T0, -1)).toBe(T0_STEP);
    expect(totpStep(T0)).toBe(T0_STEP);
  });

  it("accepts a code one step early or late (clock drift)", async () => {
    const code = await codeAt(T0);

    expect(await matchTotp(SECRET, code, T0 - STEP_MS, -1)).toBe(T0_STEP);
    expect(await matchTotp(SECRET, code, T0 + STEP_MS, -1)).toBe(T0_STEP);
  });

  it("refuses a code two steps early or late", async () => {
    const code = await codeAt(T0);

    expect(await matchTotp(SECRET, code, T0 - 2 * STEP_MS, -1)).toBeNull();
    expect(await matchTotp(SECRET, code, T0 + 2 * STEP_MS, -1)).toBeNull();
  });

  it("refuses a code whose step is not later than the last accepted one", async () => {
    const code = await codeAt(T0);

    expect(await matchTotp(SECRET, code, T0, T0_STEP)).toBeNull();
    expect(await matchTotp(SECRET, code, T0, T0_STEP - 1)).toBe(T0_STEP);
  });

  it("refuses another secret's code and anything but six digits", async () => {
    const other = newTotpSecret(systemRandom);

    expect(await matchTotp(SECRET, await codeAt(T0, other), T0, -1)).toBeNull();
    expect(await matchTotp(SECRET, "12345", T0, -1)).toBeNull();
    expect(await matchTotp(SECRET, "12345a", T0, -1)).toBeNull();
  });
});
