// The SES sending identity of a deployed stage (SST's `sst.aws.Email`), linked to the API
// function so that its role may send (SST grants `ses:*` on the identity through the link).
// GATEHOUSE_MAIL and GATEHOUSE_MAIL_FROM come from `settings`, else the deploying shell,
// as every deployable setting does; docs/deploy.md says how to verify the identity.

/** How a team names the sender identity; every field has a default. */
export interface MailOptions {
  /**
   * The SES identity: an address, or a domain to send from any address in it. Default: the
   * address of GATEHOUSE_MAIL_FROM.
   */
  readonly sender?: string;
  /** Where SST adds a domain identity's DKIM records; `false`: add them by hand. */
  readonly dns?: sst.aws.EmailArgs["dns"];
}

/** What the API function gets for mail: the identity to link and the environment to set. */
export interface MailSetup {
  readonly email: sst.aws.Email | null;
  readonly environment: Record<string, string>;
}

/** The address of `Name <address>` or of a bare address. */
export function addressOf(from: string): string {
  return /<([^<>]+)>/.exec(from)?.[1] ?? from.trim();
}

/**
 * Creates the `Email` identity when mail goes through SES (GATEHOUSE_MAIL unset or `ses`, the
 * deployed default) and a sender is known; SMTP or console mail needs none.
 */
export function createMail(
  settings: Readonly<Record<string, string>>,
  options: MailOptions = {},
): MailSetup {
  const mail = settings.GATEHOUSE_MAIL ?? process.env.GATEHOUSE_MAIL ?? "ses";
  const from = settings.GATEHOUSE_MAIL_FROM ?? process.env.GATEHOUSE_MAIL_FROM;
  const sender = options.sender ?? (from === undefined ? undefined : addressOf(from));
  if (mail !== "ses" || sender === undefined) return { email: null, environment: {} };
  const email = new sst.aws.Email("Mail", {
    sender,
    ...(options.dns === undefined ? {} : { dns: options.dns }),
  });
  return {
    email,
    environment: { GATEHOUSE_MAIL: "ses", GATEHOUSE_MAIL_FROM: from ?? sender },
  };
}
