import { guardedMail, type Mail } from "./mail.js";

/** Where the console transport writes; `process.stdout` unless a test captures it. */
export interface MailConsole {
  write(chunk: string): unknown;
}

/**
 * The local transport: prints each mail (recipient, subject, text part with its link) to the
 * terminal, so `npm start` needs no mail server. Never the deployed one: it prints secrets.
 */
export function consoleMail(out: MailConsole = process.stdout): Mail {
  return guardedMail("console", async ({ to, subject, text }) => {
    const rule = "-".repeat(72);
    out.write(`${rule}\nMail to: ${to}\nSubject: ${subject}\n\n${text}\n${rule}\n`);
  });
}
