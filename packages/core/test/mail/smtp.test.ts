import type { AddressInfo } from "node:net";
import { type Email, GatehouseError } from "@gatehouse/core";
import { simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterEach, describe, expect, it } from "vitest";
import type { MailFailureReport } from "../../src/mail/mail.js";
import { smtpMail } from "../../src/mail/smtp.js";

const message = {
  to: "ada@example.com" as Email,
  subject: "Verify your email",
  text: "Open http://localhost/account/verify-email#token=secret-token",
  html: '<p><a href="http://localhost/account/verify-email#token=secret-token">Verify</a></p>',
};

const servers: SMTPServer[] = [];
afterEach(async () => {
  await Promise.all(
    servers.splice(0).map((server) => new Promise<void>((done) => server.close(done))),
  );
});

/** An SMTP server on a free loopback port that keeps each raw message; `refuse`: rejects them. */
async function smtpCapture(options: { refuse?: boolean; auth?: boolean } = {}) {
  const received: Buffer[] = [];
  const logins: string[] = [];
  const server = new SMTPServer({
    disabledCommands: ["STARTTLS", ...(options.auth ? [] : ["AUTH"])],
    authOptional: !options.auth,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, done) {
      logins.push(`${auth.username}:${auth.password}`);
      done(null, { user: auth.username });
    },
    onRcptTo(_address, _session, done) {
      done(options.refuse ? new Error("550 mailbox unavailable") : undefined);
    },
    onData(stream, _session, done) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push(Buffer.concat(chunks));
        done();
      });
    },
  });
  servers.push(server);
  await new Promise<void>((listening) => server.listen(0, "127.0.0.1", listening));
  const { port } = server.server.address() as AddressInfo;
  return { port, received, logins };
}

function recording() {
  const reports: Parameters<MailFailureReport>[0][] = [];
  return { reports, report: ((failure) => reports.push(failure)) satisfies MailFailureReport };
}

describe("the SMTP mail transport", () => {
  it("sends a mail with its subject, sender, recipient, text part and HTML part", async () => {
    const capture = await smtpCapture();
    const mail = smtpMail({
      url: `smtp://127.0.0.1:${capture.port}`,
      from: "Gatehouse <no-reply@example.com>",
    });
    await mail.send(message);
    expect(capture.received).toHaveLength(1);
    const parsed = await simpleParser(capture.received[0] ?? Buffer.alloc(0));
    expect(parsed.subject).toBe(message.subject);
    expect(parsed.from?.value).toEqual([{ name: "Gatehouse", address: "no-reply@example.com" }]);
    expect(parsed.to).toMatchObject({ value: [{ address: "ada@example.com" }] });
    expect(parsed.text?.trim()).toBe(message.text);
    expect(parsed.html).toContain(message.html);
  });

  it("signs in with the user and password of the URL", async () => {
    const capture = await smtpCapture({ auth: true });
    const mail = smtpMail({
      url: `smtp://mailer:p%40ss@127.0.0.1:${capture.port}`,
      from: "no-reply@example.com",
    });
    await mail.send(message);
    expect(capture.logins).toEqual(["mailer:p@ss"]);
    expect(capture.received).toHaveLength(1);
  });

  it("fails with MAIL_UNAVAILABLE and reports only the transport when the server refuses", async () => {
    const capture = await smtpCapture({ refuse: true });
    const { reports, report } = recording();
    const mail = smtpMail({
      url: `smtp://127.0.0.1:${capture.port}`,
      from: "a@example.com",
      report,
    });
    const error = await mail.send(message).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(GatehouseError);
    expect(error).toMatchObject({
      code: "MAIL_UNAVAILABLE",
      message: "The mail could not be sent. Try again shortly.",
    });
    expect(reports).toEqual([{ event: "mail.failed", transport: "smtp" }]);
  });

  it("fails with MAIL_UNAVAILABLE when nothing listens on the port", async () => {
    const capture = await smtpCapture();
    await new Promise<void>((done) => servers.pop()?.close(done));
    const { reports, report } = recording();
    const url = `smtp://mailer:hunter2@127.0.0.1:${capture.port}`;
    const error = await smtpMail({ url, from: "a@example.com", report })
      .send(message)
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: "MAIL_UNAVAILABLE" });
    expect(JSON.stringify(reports)).not.toMatch(/hunter2|ada@|secret-token|127\.0\.0\.1/);
    expect(reports).toEqual([{ event: "mail.failed", transport: "smtp" }]);
  });
});
