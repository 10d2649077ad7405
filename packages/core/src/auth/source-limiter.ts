import { createHash } from "node:crypto";
import { isIPv4, isIPv6 } from "node:net";
import { createAttemptLimiter } from "./attempt-limiter.js";
import type { AuthDeps } from "./deps.js";

/**
 * Where a credential request came from, as the platform saw it: API Gateway's or the
 * function URL's `requestContext.http.sourceIp`, never a header the client can write.
 */
export interface RequestSource {
  readonly ip: string;
}

/** Counts one credential attempt from a source address, or fails with `RATE_LIMITED`. */
export interface SourceLimiter {
  /** Counts one attempt; returns the release that takes it back. No source: not limited. */
  begin(source: RequestSource | undefined, message: string): Promise<() => Promise<void>>;
}

const noRelease = async () => undefined;

/** The eight 16-bit groups of an IPv6 address, or null when it is not one. */
function ipv6Groups(address: string): number[] | null {
  const bare = address.replace(/%.*$/, "");
  if (!isIPv6(bare)) return null;
  let text = bare;
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1];
  if (dotted !== undefined) {
    const [a = 0, b = 0, c = 0, d = 0] = dotted.split(".").map(Number);
    text = `${text.slice(0, -dotted.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const parse = (part: string) => (part === "" ? [] : part.split(":").map((g) => parseInt(g, 16)));
  const left = parse(head);
  const right = tail === undefined ? [] : parse(tail);
  return [...left, ...Array(8 - left.length - right.length).fill(0), ...right];
}

/**
 * What one source is, for counting. IPv4: the address. IPv6: its /64, because one subscriber
 * or cloud host gets a whole /64 and could otherwise rotate through 2^64 addresses; an
 * IPv4-mapped IPv6 address counts as its IPv4 address.
 */
export function sourceBucket(ip: string): string {
  const address = ip.trim();
  if (isIPv4(address)) return address;
  const groups = ipv6Groups(address);
  if (groups === null) return address.toLowerCase();
  const mapped = groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff;
  if (mapped) {
    const [high = 0, low = 0] = groups.slice(6);
    return [high >> 8, high & 0xff, low >> 8, low & 0xff].join(".");
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(":")}::/64`;
}

/**
 * The store key of a source's attempts: a hash, in its own namespace (`source:`), so no email
 * (hashed under `login:`) can ever share a counter with an address.
 */
export function sourceKey(ip: string): string {
  return createHash("sha256")
    .update(`source:${sourceBucket(ip)}`)
    .digest("base64url");
}

/**
 * Per-source limiting of `signUp` and `login`, on the same atomic `LoginAttempts` counters as
 * the per-email limit, so rotating emails from one address does not reset anything.
 */
export function createSourceLimiter(
  deps: Pick<AuthDeps, "stores" | "settings" | "clock">,
): SourceLimiter {
  const attempts = createAttemptLimiter(deps, {
    max: deps.settings.sourceMaxAttempts,
    windowSeconds: deps.settings.sourceWindowSeconds,
  });
  return {
    begin: async (source, message) =>
      source === undefined ? noRelease : attempts.begin(sourceKey(source.ip), message),
  };
}
