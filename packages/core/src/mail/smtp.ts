import type { Transporter } from "nodemailer";
import { guardedMail, type Mail, type MailFailureReport } from "./mail.js";

/** How the SMTP transport is reached and who its mail is from. */
export interface SmtpMailOptions {
  /** `smtp://[user:pass@]host:port` (or `smtps://` for implicit TLS). */
  readonly url: string;
  /** The `From` of every mail, e.g. `Gatehouse <no-reply@example.com>`. */
  readonly from: string;
  readonly report?: MailFailureReport;
}

// A request waits on the send, so a server that hangs must fail well inside a Lambda timeout.
const TIMEOUTS = { connectionTimeout: 5_000, greetingTimeout: 5_000, socketTimeout: 10_000 };

/**
 * SMTP via nodemailer: any SMTP server, Mailpit locally. One connection per mail. nodemailer
 * is loaded at the first send, not with the handler: a cold start that sends no mail (nearly
 * all of them) never pays for it, and deployed bundles leave it out (infra/esbuild.ts).
 */
export function smtpMail(options: SmtpMailOptions): Mail {
  let transport: Promise<Transporter> | undefined;
  return guardedMail(
    "smtp",
    async (message) => {
      transport ??= connect(options.url);
      await (await transport).sendMail({ from: options.from, ...message });
    },
    options.report,
  );
}

async function connect(target: string): Promise<Transporter> {
  const { createTransport } = await import("nodemailer");
  const url = new URL(target);
  return createTransport({
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port: url.port === "" ? undefined : Number(url.port),
    secure: url.protocol === "smtps:",
    ...(url.username === ""
      ? {}
      : {
          auth: {
            user: decodeURIComponent(url.username),
            pass: decodeURIComponent(url.password),
          },
        }),
    ...TIMEOUTS,
  });
}
