import { describe, expect, it } from "vitest";
import {
  confirmEmailMail,
  emailChangedNotice,
  escapeHtml,
  type MailContent,
  passwordChangedNotice,
  passwordResetNotice,
  recoveryCodeUsedNotice,
  resetPasswordMail,
  secondFactorAddedNotice,
  secondFactorRemovedNotice,
  verifyEmailMail,
} from "../../src/mail/templates.js";

const URL_WITH_MARKUP = 'https://app.example/account/verify-email#token=a"<b>&c';

const LINK_MAILS: [string, (url: string) => MailContent, string][] = [
  ["verification", verifyEmailMail, "24 hours"],
  ["reset", resetPasswordMail, "1 hour"],
  ["email change", confirmEmailMail, "1 hour"],
];

const NOTICES: [string, MailContent][] = [
  ["password changed", passwordChangedNotice()],
  ["password reset", passwordResetNotice()],
  ["email changed", emailChangedNotice()],
  ["second factor added", secondFactorAddedNotice("totp")],
  ["second factor removed", secondFactorRemovedNotice("passkey")],
  ["recovery code used", recoveryCodeUsedNotice(7)],
];

describe("the mail templates", () => {
  it.each(LINK_MAILS)(
    "puts the %s link in the text part and, escaped, in the HTML part",
    (_, make, life) => {
      const mail = make(URL_WITH_MARKUP);

      expect(mail.subject).not.toBe("");
      expect(mail.text).toContain(URL_WITH_MARKUP);
      expect(mail.text).toContain(life);
      expect(mail.html).toContain(`href="${escapeHtml(URL_WITH_MARKUP)}"`);
      expect(mail.html).not.toContain("<b>");
    },
  );

  it.each(NOTICES)("sends the %s notice with a subject, both parts, and no link", (_, mail) => {
    expect(mail.subject).not.toBe("");
    expect(mail.text).not.toBe("");
    expect(mail.html).toMatch(/^<!doctype html>.*<p>/);
    expect(`${mail.text}${mail.html}`).not.toMatch(/https?:|token/);
  });

  it("names the kind of second factor and the recovery codes left", () => {
    expect(secondFactorAddedNotice("totp").text).toContain("an authenticator app");
    expect(secondFactorRemovedNotice("passkey").text).toContain("a passkey");
    expect(recoveryCodeUsedNotice(7).text).toContain("7 remain");
  });

  it("escapes every HTML-special character", () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe(
      "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;",
    );
  });
});
