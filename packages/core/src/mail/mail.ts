import { mailUnavailable } from "../errors.js";
import type { Email } from "../ids.js";

/** One mail: every mail Gatehouse sends has a subject, a plain-text part and an HTML part. */
export interface MailMessage {
  readonly to: Email;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/**
 * Sends mail. A transport that cannot take a message rejects with `MAIL_UNAVAILABLE`; a team's
 * own transport (the `mail` hook) may reject with anything, which callers treat the same way.
 */
export interface Mail {
  send(message: MailMessage): Promise<void>;
}

/** Which built-in transport a failure came from (the only detail a failure log holds). */
export type MailTransportKind = "console" | "smtp" | "ses";

/** Told of each failed send: the transport only, never the message, address or cause. */
export type MailFailureReport = (failure: {
  readonly event: "mail.failed";
  readonly transport: MailTransportKind;
}) => void;

// A transport's error may quote the recipient, the body or the server's credentials, so the
// default report writes one fixed line and the error itself stays on `cause` for debuggers.
const reportToStderr: MailFailureReport = (failure) => {
  process.stderr.write(`${JSON.stringify({ level: "ERROR", ...failure })}\n`);
};

/** Wraps a transport's raw send so any failure is reported and becomes `MAIL_UNAVAILABLE`. */
export function guardedMail(
  transport: MailTransportKind,
  send: (message: MailMessage) => Promise<unknown>,
  report: MailFailureReport = reportToStderr,
): Mail {
  return {
    async send(message) {
      try {
        await send(message);
      } catch (error) {
        report({ event: "mail.failed", transport });
        throw mailUnavailable(error);
      }
    },
  };
}
