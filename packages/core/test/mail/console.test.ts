import type { Email } from "@gatehouse/core";
import { describe, expect, it, vi } from "vitest";
import { consoleMail } from "../../src/mail/console.js";
import { guardedMail } from "../../src/mail/mail.js";

const message = {
  to: "ada@example.com" as Email,
  subject: "Verify your email",
  text: "Open http://localhost:4000/account/verify-email#token=abc",
  html: "<p>Verify</p>",
};

describe("the console mail transport", () => {
  it("prints the recipient, the subject and the text part with its link", async () => {
    const written: string[] = [];
    await consoleMail({ write: (chunk) => written.push(chunk) }).send(message);
    const printed = written.join("");
    expect(printed).toContain("Mail to: ada@example.com\n");
    expect(printed).toContain("Subject: Verify your email\n");
    expect(printed).toContain("http://localhost:4000/account/verify-email#token=abc");
    expect(printed).not.toContain("<p>");
  });
});

describe("a failing transport", () => {
  it("writes one fixed line to stderr by default, without message, address or cause", async () => {
    const lines: unknown[] = [];
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      const failing = guardedMail("smtp", () =>
        Promise.reject(new Error(`could not deliver to ${message.to}: ${message.text}`)),
      );
      await expect(failing.send(message)).rejects.toMatchObject({ code: "MAIL_UNAVAILABLE" });
    } finally {
      lines.push(...stderr.mock.calls.map(([chunk]) => chunk));
      stderr.mockRestore();
    }
    expect(lines).toEqual([
      `${JSON.stringify({ level: "ERROR", event: "mail.failed", transport: "smtp" })}\n`,
    ]);
  });
});
