import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { Email } from "@gatehouse/core";
import startSesEmulator from "aws-ses-v2-local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { MailFailureReport } from "../../src/mail/mail.js";
import { sesMail } from "../../src/mail/ses.js";

const message = {
  to: "ada@example.com" as Email,
  subject: "Reset your password",
  text: "Open http://localhost/account/reset-password#token=secret-token",
  html: '<p><a href="http://localhost/account/reset-password#token=secret-token">Reset</a></p>',
};

// The emulator accepts any credentials; real ones are never used against it.
const client = (endpoint: string) => ({
  endpoint,
  region: "us-east-1",
  credentials: { accessKeyId: "local", secretAccessKey: "local" },
  maxAttempts: 1,
});

interface StoredEmail {
  readonly from: string;
  readonly destination: { readonly to: readonly string[] };
  readonly subject: string;
  readonly body: { readonly text?: string; readonly html?: string };
}

let emulator: Server;
let endpoint: string;

beforeAll(async () => {
  emulator = await startSesEmulator({ host: "127.0.0.1", port: 0 });
  endpoint = `http://127.0.0.1:${(emulator.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((done) => emulator.close(() => done())));

describe("the SES v2 mail transport", () => {
  it("sends a mail with its subject, sender, recipient, text part and HTML part", async () => {
    await fetch(`${endpoint}/clear-store`, { method: "POST" });
    const from = "Gatehouse <no-reply@example.com>";
    await sesMail({ from, client: client(endpoint) }).send(message);
    const { emails } = (await (await fetch(`${endpoint}/store`)).json()) as {
      emails: StoredEmail[];
    };
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({
      from,
      destination: { to: ["ada@example.com"] },
      subject: message.subject,
      body: { text: message.text, html: message.html },
    });
  });

  it("fails with MAIL_UNAVAILABLE and reports only the transport when the endpoint is down", async () => {
    const closed = await startSesEmulator({ host: "127.0.0.1", port: 0 });
    const down = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((done) => closed.close(() => done()));
    const reports: Parameters<MailFailureReport>[0][] = [];
    const mail = sesMail({
      from: "no-reply@example.com",
      client: client(down),
      report: (failure) => reports.push(failure),
    });
    await expect(mail.send(message)).rejects.toMatchObject({
      code: "MAIL_UNAVAILABLE",
      message: "The mail could not be sent. Try again shortly.",
    });
    expect(reports).toEqual([{ event: "mail.failed", transport: "ses" }]);
  });
});
