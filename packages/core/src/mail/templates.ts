import type { MailMessage } from "./mail.js";

// Every mail Gatehouse sends, in one place: a subject, a plain-text part and an HTML part
// (every mail has both, see the contract). Values are escaped in the HTML part. Link mails
// carry their link; notices carry no link and no secret, only what happened.

/** What a template makes: a mail without its recipient. */
export type MailContent = Omit<MailMessage, "to">;

/** A second factor, as notices name it. */
export type SecondFactorKind = "totp" | "passkey";

const HTML_ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for an HTML element or a quoted attribute. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

const IGNORE =
  "If you did not ask for this, ignore this mail: nothing changes unless the link is opened.";
const NOT_YOU =
  "If this was not you, reset your password at once and review your account's sessions.";

function page(paragraphs: readonly string[], link?: { label: string; url: string }): string {
  const body = paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`);
  if (link !== undefined) {
    body.splice(1, 0, `<p><a href="${escapeHtml(link.url)}">${escapeHtml(link.label)}</a></p>`);
  }
  return `<!doctype html><html><body>${body.join("")}</body></html>`;
}

function linkMail(subject: string, intro: string, label: string, url: string, life: string) {
  const paragraphs = [intro, `The link works for ${life}, once.`, IGNORE];
  return {
    subject,
    text: [intro, "", url, "", paragraphs[1], IGNORE, ""].join("\n"),
    html: page(paragraphs, { label, url }),
  } satisfies MailContent;
}

function notice(subject: string, what: string): MailContent {
  return { subject, text: `${what}\n\n${NOT_YOU}\n`, html: page([what, NOT_YOU]) };
}

/** The link that proves the address (`verify-email`, 24 h). */
export function verifyEmailMail(url: string): MailContent {
  return linkMail(
    "Verify your email address",
    "Open this link to verify your email address:",
    "Verify my email address",
    url,
    "24 hours",
  );
}

/** The link that sets a new password (`reset-password`, 1 h). */
export function resetPasswordMail(url: string): MailContent {
  return linkMail(
    "Reset your password",
    "Open this link to choose a new password:",
    "Choose a new password",
    url,
    "1 hour",
  );
}

/** The link, to the new address, that confirms an email change (`confirm-email`, 1 h). */
export function confirmEmailMail(url: string): MailContent {
  return linkMail(
    "Confirm your new email address",
    "Open this link to make this your account's email address:",
    "Confirm my new email address",
    url,
    "1 hour",
  );
}

/** Notice: the password was changed by its owner (`changePassword`). */
export function passwordChangedNotice(): MailContent {
  return notice(
    "Your password was changed",
    "The password of your account was changed. Your other sessions were signed out.",
  );
}

/** Notice: the password was reset from a mailed link. */
export function passwordResetNotice(): MailContent {
  return notice(
    "Your password was reset",
    "The password of your account was reset from a reset link. Every session was signed out.",
  );
}

/** Notice, to the old address: the account's email address changed. */
export function emailChangedNotice(): MailContent {
  return notice(
    "Your email address was changed",
    "The email address of your account was changed; mail now goes to the new address.",
  );
}

const FACTOR_NAMES: Record<SecondFactorKind, string> = {
  totp: "an authenticator app",
  passkey: "a passkey",
};

/** Notice: a second factor was added. */
export function secondFactorAddedNotice(kind: SecondFactorKind): MailContent {
  return notice(
    "A second factor was added to your account",
    `A second factor (${FACTOR_NAMES[kind]}) was added to your account.`,
  );
}

/** Notice: a second factor was removed. */
export function secondFactorRemovedNotice(kind: SecondFactorKind): MailContent {
  return notice(
    "A second factor was removed from your account",
    `A second factor (${FACTOR_NAMES[kind]}) was removed from your account.`,
  );
}

/** Notice: a recovery code was used to sign in; `left` codes remain. */
export function recoveryCodeUsedNotice(left: number): MailContent {
  return notice(
    "A recovery code was used",
    `A recovery code was used to sign in to your account; ${left} remain unused.`,
  );
}
