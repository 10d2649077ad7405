/**
 * Mail for the recovery tests: the operations, the link a mail carries, and an in-process SMTP
 * server (smtp-server) that the real SMTP transport delivers to, read back with mailparser.
 */
import type { AddressInfo } from "node:net";
import type { MailMessage } from "@gatehouse/core";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterAll } from "vitest";

export const REQUEST_EMAIL_VERIFICATION = "mutation { requestEmailVerification }";
export const VERIFY_EMAIL = "mutation Verify($token: String!) { verifyEmail(token: $token) }";
export const REQUEST_PASSWORD_RESET =
  "mutation Forgot($email: String!) { requestPasswordReset(email: $email) }";
export const RESET_PASSWORD = `mutation Reset($token: String!, $newPassword: String!) {
  resetPassword(token: $token, newPassword: $newPassword)
}`;
export const SEND_PASSWORD_RESET =
  "mutation SendReset($userId: ID!) { sendPasswordReset(userId: $userId) }";
export const REQUEST_EMAIL_CHANGE = `mutation ChangeEmail($newEmail: String!, $currentPassword: String!) {
  requestEmailChange(newEmail: $newEmail, currentPassword: $currentPassword)
}`;
export const CONFIRM_EMAIL_CHANGE =
  "mutation ConfirmEmail($token: String!) { confirmEmailChange(token: $token) }";
export const ME_VERIFIED = "query { me { id email emailVerified } }";

/** The one answer to every link token refused, whatever the reason. */
export const INVALID_LINK = {
  code: "BAD_USER_INPUT",
  message: "This link is invalid or has expired. Ask for a new one.",
};

/** The answer of a mail transport that is down. */
export const MAIL_DOWN = {
  code: "MAIL_UNAVAILABLE",
  message: "The mail could not be sent. Try again shortly.",
};

/** The one link of a mail's text part, and its token (after `#token=`). */
export function linkOf(mail: Pick<MailMessage, "text">): { url: string; token: string } {
  const url = /https?:\/\/\S+#token=[A-Za-z0-9_-]+/.exec(mail.text)?.[0];
  if (url === undefined) throw new Error(`no link in mail: ${mail.text}`);
  return { url, token: url.slice(url.indexOf("#token=") + "#token=".length) };
}

/** A received SMTP mail, parsed. */
export interface ReceivedMail {
  readonly to: string;
  readonly from: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** An SMTP server on a free loopback port keeping each mail; closed after the file's tests. */
export async function smtpCapture(): Promise<{ url: string; received: ReceivedMail[] }> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS", "AUTH"],
    authOptional: true,
    logger: false,
    onData(stream, _session, done) {
      simpleParser(stream).then(
        (parsed) => {
          const to = Array.isArray(parsed.to) ? parsed.to[0] : parsed.to;
          received.push({
            to: to?.value[0]?.address ?? "",
            from: parsed.from?.text ?? "",
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
            html: typeof parsed.html === "string" ? parsed.html : "",
          });
          done();
        },
        (error: Error) => done(error),
      );
    },
  });
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  afterAll(() => new Promise<void>((closed) => server.close(closed)));
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://127.0.0.1:${port}`, received };
}
