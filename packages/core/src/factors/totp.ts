import type { Random } from "../ports.js";
import { base32 } from "./base32.js";

// RFC 6238 with the parameters every authenticator app reads from an otpauth URI: HMAC-SHA-1,
// 6 digits, 30-second steps. Other values are legal but silently misread by some apps.
const ALGORITHM = "sha1";
const DIGITS = 6;
/** Seconds per RFC 6238 time step. */
export const TOTP_PERIOD = 30;
/** RFC 4226 §4 R6 asks for 128 bits at least and recommends 160: 20 bytes, 32 base32 letters. */
const SECRET_BYTES = 20;

// Loaded at first use, never at module top: the GraphQL handler's cold start cannot carry
// them, and most requests never touch a second factor.
const otplib = () => import("otplib");
const qrcode = () => import("qrcode");

/** A new TOTP secret: 160 random bits, base32 as an otpauth URI carries it. */
export function newTotpSecret(random: Random): string {
  return base32(random.bytes(SECRET_BYTES));
}

/** The RFC 6238 time step of `epochMs`. */
export function totpStep(epochMs: number): number {
  return Math.floor(epochMs / 1000 / TOTP_PERIOD);
}

/**
 * The `otpauth://totp/` URI of Google Authenticator's Key Uri Format, which every app reads:
 * the label `issuer:account` and the `issuer` parameter name the same service.
 */
export function totpUri(secret: string, issuer: string, account: string): string {
  const label = `${encodeURIComponent(issuer)}:${encodeURIComponent(account)}`;
  const query = new URLSearchParams({
    secret,
    issuer,
    algorithm: "SHA1",
    digits: String(DIGITS),
    period: String(TOTP_PERIOD),
  });
  return `otpauth://totp/${label}?${query.toString().replaceAll("+", "%20")}`;
}

/** The URI as an SVG QR code, for the enrolment screen. */
export async function totpQrSvg(uri: string): Promise<string> {
  const QRCode = await qrcode();
  // Level M: the URI stays readable from a screen with some glare, at a modest size.
  return QRCode.toString(uri, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
}

/**
 * The time step a 6-digit `code` matches at `epochMs`, within one step either way (RFC 6238
 * §5.2 clock drift), and later than `afterStep`; null when none does. The caller stores the
 * step so the same code is never accepted twice.
 */
export async function matchTotp(
  secret: string,
  code: string,
  epochMs: number,
  afterStep: number,
): Promise<number | null> {
  if (!/^\d{6}$/.test(code)) return null;
  const { verify } = await otplib();
  const result = await verify({
    secret,
    token: code,
    algorithm: ALGORITHM,
    digits: DIGITS,
    period: TOTP_PERIOD,
    epoch: Math.floor(epochMs / 1000),
    // Periods overlapping [now - 30 s, now + 30 s]: the previous, current and next step.
    epochTolerance: TOTP_PERIOD,
    ...(afterStep >= 0 ? { afterTimeStep: afterStep } : {}),
  });
  return result.valid && "timeStep" in result ? result.timeStep : null;
}
