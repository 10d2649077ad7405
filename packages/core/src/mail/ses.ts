import type { SESv2Client, SESv2ClientConfig, SendEmailCommand } from "@aws-sdk/client-sesv2";

type SendEmailCommandClass = typeof SendEmailCommand;

import { guardedMail, type Mail, type MailFailureReport } from "./mail.js";

/** Who SES mail is from, and the client's settings (region, endpoint for an emulator). */
export interface SesMailOptions {
  /** The `From` of every mail; its address or domain must be a verified SES identity. */
  readonly from: string;
  readonly client?: SESv2ClientConfig;
  readonly report?: MailFailureReport;
}

/**
 * Amazon SES v2 (`SendEmail`, simple content): the deployed transport. The SES client is loaded
 * at the first send, like nodemailer (see smtp.ts).
 */
export function sesMail(options: SesMailOptions): Mail {
  let sdk: Promise<{ client: SESv2Client; SendEmailCommand: SendEmailCommandClass }> | undefined;
  const load = async () => {
    const { SESv2Client, SendEmailCommand } = await import("@aws-sdk/client-sesv2");
    return { client: new SESv2Client(options.client ?? {}), SendEmailCommand };
  };
  return guardedMail(
    "ses",
    async ({ to, subject, text, html }) => {
      sdk ??= load();
      const { client, SendEmailCommand } = await sdk;
      await client.send(
        new SendEmailCommand({
          FromEmailAddress: options.from,
          Destination: { ToAddresses: [to] },
          Content: {
            Simple: {
              Subject: { Data: subject, Charset: "UTF-8" },
              Body: {
                Text: { Data: text, Charset: "UTF-8" },
                Html: { Data: html, Charset: "UTF-8" },
              },
            },
          },
        }),
      );
    },
    options.report,
  );
}
