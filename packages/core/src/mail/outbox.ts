import { isGatehouseError, mailUnavailable } from "../errors.js";
import type { Mail, MailMessage } from "./mail.js";

/** Which mail could not be sent, as a failure line names it (never its address or content). */
export type MailName =
  | "password-reset"
  | "password-changed-notice"
  | "password-reset-notice"
  | "email-changed-notice"
  | "second-factor-notice"
  | "recovery-code-notice";

/** Writes the one fixed line of a mail that was not sent: its name, nothing else. */
export type UndeliveredReport = (name: MailName) => void;

/** The default report: one JSON line on stderr. */
export const reportUndelivered: UndeliveredReport = (name) => {
  process.stderr.write(
    `${JSON.stringify({ level: "WARN", event: "mail.not_sent", mail: name })}\n`,
  );
};

/**
 * Sends a mail the caller's answer depends on: any failure, a team transport's too, becomes
 * `MAIL_UNAVAILABLE` (503).
 */
export async function sendOrFail(mail: Mail, message: MailMessage): Promise<void> {
  try {
    await mail.send(message);
  } catch (error) {
    throw isGatehouseError(error, "MAIL_UNAVAILABLE") ? error : mailUnavailable(error);
  }
}

/**
 * Sends a mail whose failure must not undo what already happened (a notice after a committed
 * change, a reset link whose answer is `true` anyway): a failure is logged as one fixed line
 * and swallowed. Resolves true when the mail was sent.
 */
export async function sendOrLog(
  mail: Mail,
  message: MailMessage,
  name: MailName,
  report: UndeliveredReport = reportUndelivered,
): Promise<boolean> {
  try {
    await mail.send(message);
    return true;
  } catch {
    report(name);
    return false;
  }
}
