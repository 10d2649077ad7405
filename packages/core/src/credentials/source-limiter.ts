import { createHash } from "node:crypto";
import { isIPv4, isIPv6 } from "node:net";
import type { AuthSettings } from "../deps.js";
import type { Budget } from "./attempt-limiter.js";

/**
 * Where a credential request came from, as the platform saw it: API Gateway's or the
 * function URL's `requestContext.http.sourceIp`, never a header the client can write.
 */
export interface RequestSource {
  readonly ip: string;
}

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

/** An IPv4 address, from the IPv4-mapped IPv6 groups it hides in, or null. */
function mappedIPv4(groups: readonly number[]): string | null {
  if (!(groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff)) return null;
  const [high = 0, low = 0] = groups.slice(6);
  return [high >> 8, high & 0xff, low >> 8, low & 0xff].join(".");
}

const hex = (groups: readonly number[]) => groups.map((g) => g.toString(16)).join(":");

/**
 * Every bucket one source counts in, narrowest first. IPv4: the address. IPv6: its /64, /56
 * and /48 together, because one subscriber or cloud host gets a whole /64 (RFC 6177 suggests
 * a /56 or a /48 per site), and one /48 holds 65,536 /64s: each prefix gets its own budget,
 * so rotating /64s inside an allocation runs into the wider ones. An IPv4-mapped IPv6 address
 * counts as its IPv4 address.
 */
export function sourceBuckets(ip: string): string[] {
  const address = ip.trim();
  if (isIPv4(address)) return [address];
  const groups = ipv6Groups(address);
  if (groups === null) return [address.toLowerCase()];
  const ipv4 = mappedIPv4(groups);
  if (ipv4 !== null) return [ipv4];
  const [a = 0, b = 0, c = 0, d = 0] = groups;
  return [
    `${hex([a, b, c, d])}::/64`,
    `${hex([a, b, c, d & 0xff00])}::/56`,
    `${hex([a, b, c])}::/48`,
  ];
}

/** What one source is for the per-(email, source) count: an address, or an IPv6 /64. */
export function sourceBucket(ip: string): string {
  return sourceBuckets(ip)[0] ?? ip;
}

/**
 * The store key of a bucket's attempts: a hash, in its own namespace (`source:`), so no email
 * (hashed under `login:`) can ever share a counter with an address.
 */
function bucketKey(bucket: string): string {
  return createHash("sha256").update(`source:${bucket}`).digest("base64url");
}

/** The store key of a source's attempts (its narrowest bucket). */
export function sourceKey(ip: string): string {
  return bucketKey(sourceBucket(ip));
}

/**
 * The per-source budgets one credential attempt counts on, shared by sign-ups, failed logins
 * and failed refreshes: `sourceMaxAttempts` for an IPv4 address or an IPv6 /64, that times
 * `sourcePrefixFactor` for the /56 and times its square for the /48.
 */
export function sourceBudgets(source: RequestSource, settings: AuthSettings): Budget[] {
  const windowSeconds = settings.sourceWindowSeconds;
  return sourceBuckets(source.ip).map((bucket, widening) => ({
    key: bucketKey(bucket),
    max: settings.sourceMaxAttempts * settings.sourcePrefixFactor ** widening,
    windowSeconds,
  }));
}
