import type { Email, Mail, MailMessage } from "@gatehouse/core";
import { describe, expect, it, vi } from "vitest";
import { dynamoApp } from "../support/gql.js";

// A team's own mail transport (`hooks.mail`) replaces the one GATEHOUSE_MAIL configures.

const message: MailMessage = {
  to: "ada@example.com" as Email,
  subject: "Welcome",
  text: "Hello",
  html: "<p>Hello</p>",
};

describe("the mail hook", () => {
  it("replaces the configured transport in the services' dependencies", async () => {
    const sent: MailMessage[] = [];
    const mail: Mail = { send: async (mailed) => void sent.push(mailed) };
    const app = await dynamoApp({
      env: { GATEHOUSE_MAIL: "smtp://127.0.0.1:9" },
      gatehouse: { hooks: { mail } },
    });
    expect(app.runtime.mail).toBe(mail);
    await app.runtime.mail.send(message);
    expect(sent).toEqual([message]);
  });

  it("stops createGatehouse at start when the hook has no send method", async () => {
    const notMail = { deliver: async () => undefined } as unknown as Mail;
    await expect(dynamoApp({ gatehouse: { hooks: { mail: notMail } } })).rejects.toThrow(
      "hooks.mail must be an object with a send(message) method",
    );
  });

  it("leaves the configured transport in place without a hook", async () => {
    const app = await dynamoApp({ env: { GATEHOUSE_MAIL: "console" } });
    const printed: unknown[] = [];
    const stdout = vi.spyOn(process.stdout, "write").mockImplementation(() => true);
    try {
      await app.runtime.mail.send(message);
    } finally {
      printed.push(...stdout.mock.calls.map(([chunk]) => String(chunk)));
      stdout.mockRestore();
    }
    expect(printed.join("")).toContain("Mail to: ada@example.com\nSubject: Welcome\n");
  });
});
