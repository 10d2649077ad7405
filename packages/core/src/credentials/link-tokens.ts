import { createHash } from "node:crypto";
import type { AuthDeps } from "../deps.js";
import { invalidLinkToken } from "../errors.js";
import type { Email, SessionId, UserId } from "../ids.js";
import type { LinkPurpose, LinkTokenRecord } from "../ports.js";

/** How long each kind of link lives, in ms (the contract: verification 24 h, the rest 1 h). */
export const LINK_LIFETIMES: Readonly<Record<LinkPurpose, number>> = {
  "verify-email": 24 * 3_600_000,
  "reset-password": 3_600_000,
  "confirm-email": 3_600_000,
};

// 32 bytes: 256 bits, twice the 128 the contract asks for (NIST SP 800-63B §5.1.1.2's floor
// for out-of-band secrets is far lower); base64url of 32 bytes is 43 characters, no padding.
const TOKEN_BYTES = 32;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

/** The stored form of a token: only a hash is kept, so a table read hands out no live link. */
export function linkTokenHash(token: string): string {
  return createHash("sha256").update(token).digest("base64url");
}

/** `$APP_URL/<purpose>#token=…`: the secret after `#`, which browsers never send to a server. */
export function linkUrl(appUrl: string, purpose: LinkPurpose, token: string): string {
  return `${appUrl}/${purpose}#token=${token}`;
}

/** A minted link: its URL (to mail) and its stored hash (to spend it if the mail fails). */
export interface IssuedLink {
  readonly url: string;
  readonly hash: string;
}

/** What a link is issued for. */
export interface LinkSubject {
  readonly userId: UserId;
  readonly email: Email;
  readonly credentialVersion: number;
  /** `confirm-email`: the session that asked, which the change keeps. */
  readonly sessionId?: SessionId;
}

/** Mints a link token for `purpose`, stores its hash, and returns the link to mail. */
export async function issueLink(
  deps: Pick<AuthDeps, "stores" | "clock" | "random" | "settings">,
  purpose: LinkPurpose,
  subject: LinkSubject,
): Promise<IssuedLink> {
  const token = Buffer.from(deps.random.bytes(TOKEN_BYTES)).toString("base64url");
  const hash = linkTokenHash(token);
  await deps.stores.linkTokens.put({
    hash,
    purpose,
    ...subject,
    expiresAt: deps.clock.now() + LINK_LIFETIMES[purpose],
  });
  return { url: linkUrl(deps.settings.appUrl, purpose, token), hash };
}

/** Spends a link whose mail was never sent, so no copy of it can ever work (best effort). */
export async function withdrawLink(
  deps: Pick<AuthDeps, "stores" | "clock">,
  purpose: LinkPurpose,
  link: IssuedLink,
): Promise<void> {
  await deps.stores.linkTokens.take(link.hash, purpose, deps.clock.now()).catch(() => null);
}

/**
 * Spends a link token of `purpose`, once: unknown, spent, expired, altered and other-purpose
 * tokens all fail alike with `LINK_TOKEN_INVALID`. A token of the wrong shape costs no store call.
 */
export async function spendLink(
  deps: Pick<AuthDeps, "stores" | "clock">,
  purpose: LinkPurpose,
  token: string,
): Promise<LinkTokenRecord> {
  if (!TOKEN_SHAPE.test(token)) throw invalidLinkToken();
  const record = await deps.stores.linkTokens.take(linkTokenHash(token), purpose, deps.clock.now());
  if (record === null) throw invalidLinkToken();
  return record;
}
