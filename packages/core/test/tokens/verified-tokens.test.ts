import { randomUUID } from "node:crypto";
import {
  generateSigningJwk,
  type Jti,
  loadSigningKeys,
  type SessionId,
  type SigningKeySet,
  signAccessToken,
  type UserId,
} from "@gatehouse/core";
import { beforeAll, describe, expect, it } from "vitest";
import { CLOCK_TOLERANCE_SECONDS, verifyAccessToken } from "../../src/tokens/access-token.js";
import { createAccessTokenVerifier } from "../../src/tokens/verified-tokens.js";

const settings = { issuer: "https://gatehouse.test", audience: "gatehouse", ttlSeconds: 900 };
const NOW = Date.UTC(2026, 0, 1, 12);
const SECOND = 1000;

let keys: SigningKeySet;
/** The same keys, counting how often jose asks for a key: once per signature check. */
let counted: SigningKeySet & { readonly checks: () => number };

beforeAll(async () => {
  keys = await loadSigningKeys({ keys: [await generateSigningJwk("ES256")] });
  let checks = 0;
  counted = {
    ...keys,
    verificationKey: (...args) => {
      checks++;
      return keys.verificationKey(...args);
    },
    checks: () => checks,
  };
});

async function mint(issuedAt = NOW): Promise<string> {
  const subject = {
    sub: randomUUID() as UserId,
    sid: randomUUID().replaceAll("-", "").slice(0, 22) as SessionId,
    sct: 0,
    jti: randomUUID().replaceAll("-", "").slice(0, 22) as Jti,
    roles: ["USER"] as const,
  };
  return (await signAccessToken(keys, settings, subject, issuedAt, 0)).token;
}

/** What a verification comes to: the claims, or the error code. */
function outcome(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    (claims) => ({ claims }),
    (error: { code?: unknown }) => ({ code: error.code }),
  );
}

describe("the remembering access-token verifier", () => {
  it("answers exactly as verifyAccessToken at every moment around the end of a token's life", async () => {
    const token = await mint();
    const verifier = createAccessTokenVerifier(keys, settings);

    const end = NOW + settings.ttlSeconds * SECOND;
    const tolerance = CLOCK_TOLERANCE_SECONDS * SECOND;
    for (let at = end - 3 * SECOND; at <= end + tolerance + 3 * SECOND; at += 250) {
      // Remembered afresh each time: a refusal makes the verifier forget the token.
      await verifier.verify(token, NOW);
      expect(await outcome(verifier.verify(token, at))).toEqual(
        await outcome(verifyAccessToken(token, keys, settings, at)),
      );
    }
  });

  it("answers exactly as verifyAccessToken when the clock steps back before the token's issue", async () => {
    const token = await mint(NOW + CLOCK_TOLERANCE_SECONDS * SECOND);
    const verifier = createAccessTokenVerifier(keys, settings);

    for (let at = NOW - 3 * SECOND; at <= NOW + 3 * SECOND; at += 250) {
      await verifier.verify(token, NOW);
      expect(await outcome(verifier.verify(token, at))).toEqual(
        await outcome(verifyAccessToken(token, keys, settings, at)),
      );
    }
  });

  it("checks a remembered token's signature only once while its time claims pass", async () => {
    const token = await mint();
    const verifier = createAccessTokenVerifier(counted, settings);
    const before = counted.checks();

    const first = await verifier.verify(token, NOW);
    const later = await verifier.verify(token, NOW + 60 * SECOND);

    expect(later).toEqual(first);
    expect(counted.checks() - before).toBe(1);
  });

  it("never remembers a token that failed, and accepts it once it is valid", async () => {
    // Issued 10 s ahead of the verifier's clock: beyond the tolerance, so refused for now.
    const token = await mint(NOW + 10 * SECOND);
    const verifier = createAccessTokenVerifier(counted, settings);
    const before = counted.checks();

    expect(await outcome(verifier.verify(token, NOW))).toEqual({ code: "TOKEN_CLAIM_INVALID" });
    expect(await outcome(verifier.verify(token, NOW))).toEqual({ code: "TOKEN_CLAIM_INVALID" });
    expect(verifier.size).toBe(0);
    expect(await outcome(verifier.verify(token, NOW + 10 * SECOND))).toMatchObject({ claims: {} });
    expect(counted.checks() - before).toBe(3);
  });

  it("checks a token again once its remembered span is over, however it ends", async () => {
    const token = await mint();
    const verifier = createAccessTokenVerifier(counted, settings);
    await verifier.verify(token, NOW);
    const before = counted.checks();

    const expired = NOW + (settings.ttlSeconds + CLOCK_TOLERANCE_SECONDS) * SECOND;
    expect(await outcome(verifier.verify(token, expired))).toEqual({ code: "TOKEN_EXPIRED" });
    expect(counted.checks() - before).toBe(1);
  });

  it("remembers at most its capacity, forgetting the oldest token first", async () => {
    const [first, second, third] = [await mint(), await mint(), await mint()] as const;
    const verifier = createAccessTokenVerifier(counted, settings, 2);
    for (const token of [first, second, third]) await verifier.verify(token, NOW);
    expect(verifier.size).toBe(2);
    const before = counted.checks();

    await verifier.verify(third, NOW);
    expect(counted.checks() - before).toBe(0);
    await verifier.verify(first, NOW);
    expect(counted.checks() - before).toBe(1);
    expect(verifier.size).toBe(2);
  });
});
