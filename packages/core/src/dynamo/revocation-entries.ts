import type { UserId } from "../ids.js";
import { cutoffsAt } from "../sessions/session-state.js";
import { userKey } from "./keys.js";
import type { Table } from "./table.js";

// Ended sessions and denied access tokens live on the user's profile item, as two string sets,
// so that the per-request check is one GetItem of one item. An entry is kept only while a
// token it ends could still be accepted, and a set never holds many: past its `maxLive`, the
// user's cutoff is raised past the entries instead (fail closed), and they are dropped.

/**
 * What an entry revokes, the cutoff that can stand in for it, and how many live entries a set
 * may hold before the cutoff takes over; an entry is about 50 bytes, and a user comes near a
 * limit only by ending that many sessions, or revoking that many tokens, within one
 * access-token lifetime.
 */
export const REVOCATION_SETS = {
  /**
   * `<sid> <session createdAt, ms> <until, ms>`; `sessionsNotBefore` covers it. Raising that
   * cutoff ends every session, the caller's own too, so the limit sits far above what one
   * changePassword ends for a user who never logs out: 500 entries, 25 KB.
   */
  session: { attribute: "endedSessions", cutoff: "sessionsNotBefore", maxLive: 500 },
  /**
   * `<jti> <iat, s> <until, ms>`; `accessNotBefore` covers it. Raising that cutoff costs each
   * of the user's clients one refresh, so the item is kept small instead.
   */
  token: { attribute: "deniedTokens", cutoff: "accessNotBefore", maxLive: 50 },
} as const;

/** The kind of a revocation entry. */
export type RevocationKind = keyof typeof REVOCATION_SETS;

/**
 * How many live entries each set may hold before its cutoff takes over. Deployments keep the
 * defaults of `REVOCATION_SETS`; tests lower them so that reaching a limit takes a handful of
 * writes, not hundreds (which is slow, and flaky on a loaded machine).
 */
export type RevocationLimits = { readonly [kind in RevocationKind]: number };

/** The limits of `REVOCATION_SETS`, with `overrides` in place. */
export function revocationLimits(overrides: Partial<RevocationLimits> = {}): RevocationLimits {
  return {
    session: overrides.session ?? REVOCATION_SETS.session.maxLive,
    token: overrides.token ?? REVOCATION_SETS.token.maxLive,
  };
}

/** One parsed entry. `issued` is what the kind's cutoff compares (ms for sessions, s for tokens). */
export interface RevocationEntry {
  readonly id: string;
  readonly issued: number;
  readonly until: number;
  readonly raw: string;
}

/** An entry to record: what it revokes, and until when. */
type NewEntry = { readonly id: string; readonly issued: number; readonly until: number };

/** The stored form of an entry. Ids are base64url, so a space separates safely. */
export function formatEntry(id: string, issued: number, until: number): string {
  return `${id} ${issued} ${until}`;
}

/** The entries of a stored set (lib-dynamodb reads a string set as a `Set`). */
export function parseEntries(stored: unknown): RevocationEntry[] {
  if (!(stored instanceof Set)) return [];
  const entries: RevocationEntry[] = [];
  for (const raw of stored) {
    if (typeof raw !== "string") continue;
    const [id = "", issued = "", until = ""] = raw.split(" ");
    entries.push({ id, issued: Number(issued), until: Number(until), raw });
  }
  return entries;
}

/** True when the set holds an entry for `id` that still counts at `now`. */
export function hasLiveEntry(stored: unknown, id: string, now: number): boolean {
  if (!(stored instanceof Set) || stored.size === 0) return false;
  const prefix = `${id} `;
  for (const raw of stored) {
    // TTL-like expiry is decided here: an entry past its `until` is as good as gone.
    if (typeof raw === "string" && raw.startsWith(prefix) && Number(raw.split(" ")[2]) > now) {
      return true;
    }
  }
  return false;
}

/**
 * True when the user's item already revokes what `entry` revokes: the same entry is in its
 * set, or the kind's cutoff has been raised past it (or there is no such user). One strongly
 * consistent read, so that repeating a revocation can be told apart without writing.
 */
export async function isRevocationRecorded(
  t: Table,
  userId: UserId,
  kind: RevocationKind,
  entry: NewEntry,
): Promise<boolean> {
  const { attribute, cutoff } = REVOCATION_SETS[kind];
  const item = await t.get(userKey(userId), true, {
    ProjectionExpression: "#set, #cutoff",
    ExpressionAttributeNames: { "#set": attribute, "#cutoff": cutoff },
  });
  if (item === undefined) return true;
  const raised = typeof item[cutoff] === "number" && item[cutoff] > entry.issued;
  const set = item[attribute];
  return (
    raised || (set instanceof Set && set.has(formatEntry(entry.id, entry.issued, entry.until)))
  );
}

/**
 * Adds one entry to the user's set, then tidies the set: expired entries go, and past the
 * kind's `maxLive` (or the given limit) its cutoff is raised to `now` and every entry it covers
 * goes. A user that does not exist has no tokens to end: nothing is written.
 */
export async function addRevocationEntry(
  t: Table,
  userId: UserId,
  kind: RevocationKind,
  entry: NewEntry,
  now: number,
  maxLive: number = REVOCATION_SETS[kind].maxLive,
): Promise<void> {
  const { attribute, cutoff } = REVOCATION_SETS[kind];
  // A failed condition: there is no such user.
  const added = await t.updateIf({
    Key: userKey(userId),
    // ADD creates the set when absent; concurrent adds never lose each other's entries.
    UpdateExpression: "ADD #set :entry",
    ConditionExpression: "attribute_exists(pk)",
    ExpressionAttributeNames: { "#set": attribute },
    ExpressionAttributeValues: {
      ":entry": new Set([formatEntry(entry.id, entry.issued, entry.until)]),
    },
    ReturnValues: "UPDATED_NEW",
  });

  const entries = parseEntries(added?.[attribute]);
  const live = entries.filter((candidate) => candidate.until > now);
  const expired = entries.filter((candidate) => candidate.until <= now);
  const raise = live.length > maxLive ? cutoffsAt(now)[cutoff] : undefined;
  const covered = raise === undefined ? [] : live.filter((candidate) => candidate.issued < raise);
  const drop = [...expired, ...covered].map((candidate) => candidate.raw);
  if (drop.length === 0) return;

  const tidy = (withCutoff: boolean) =>
    t.updateIf({
      Key: userKey(userId),
      UpdateExpression: `${withCutoff ? "SET #cutoff = :cutoff " : ""}DELETE #set :drop`,
      // Cutoffs never go down: when another call raised it further, only the entries go.
      ConditionExpression: withCutoff
        ? "attribute_exists(pk) AND (attribute_not_exists(#cutoff) OR #cutoff <= :cutoff)"
        : "attribute_exists(pk)",
      ExpressionAttributeNames: {
        "#set": attribute,
        ...(withCutoff ? { "#cutoff": cutoff } : {}),
      },
      ExpressionAttributeValues: {
        ":drop": new Set(drop),
        ...(withCutoff ? { ":cutoff": raise } : {}),
      },
    });
  if ((await tidy(raise !== undefined)) === null && raise !== undefined) await tidy(false);
}
