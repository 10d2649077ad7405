import type { Mail, MailMessage } from "@gatehouse/core";

/** A mail transport that keeps what it is given, for tests that read the mail sent. */
export interface Mailbox extends Mail {
  /** Every mail sent so far, oldest first. */
  readonly sent: MailMessage[];
  /** Makes the next `count` sends fail, as a transport that is down. */
  failNext(count?: number): void;
}

/** A fresh, empty mailbox. */
export function mailbox(): Mailbox {
  const sent: MailMessage[] = [];
  let failures = 0;
  return {
    sent,
    failNext(count = 1) {
      failures = count;
    },
    async send(message) {
      if (failures > 0) {
        failures--;
        throw new Error("mailbox: the transport is down");
      }
      sent.push(message);
    },
  };
}
