import { SESv2Client, type SESv2ClientConfig, SendEmailCommand } from "@aws-sdk/client-sesv2";
import { guardedMail, type Mail, type MailFailureReport } from "./mail.js";

/** Who SES mail is from, and the client's settings (region, endpoint for an emulator). */
export interface SesMailOptions {
  /** The `From` of every mail; its address or domain must be a verified SES identity. */
  readonly from: string;
  readonly client?: SESv2ClientConfig;
  readonly report?: MailFailureReport;
}

/** Amazon SES v2 (`SendEmail`, simple content): the deployed transport. */
export function sesMail(options: SesMailOptions): Mail {
  const client = new SESv2Client(options.client ?? {});
  return guardedMail(
    "ses",
    ({ to, subject, text, html }) =>
      client.send(
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
      ),
    options.report,
  );
}
