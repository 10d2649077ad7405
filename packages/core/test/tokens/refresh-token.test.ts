import { createHash, randomUUID } from "node:crypto";
import {
  parseRefreshToken,
  type Random,
  type SessionId,
  systemRandom,
  type UserId,
} from "@gatehouse/core";
import { describe, expect, it } from "vitest";
import { hashToken, mintRefreshToken } from "../../src/tokens/refresh-token.js";

const userId = randomUUID() as UserId;
const sessionId = "AbCdEfGhIjKlMnOpQrStUv" as SessionId;

describe("refresh token minting", () => {
  it("draws at least 128 bits of randomness for the secret (RFC 9700 §4.14)", () => {
    const requested: number[] = [];
    const counting: Random = {
      bytes: (length) => {
        requested.push(length);
        return systemRandom.bytes(length);
      },
      uuid: () => systemRandom.uuid(),
    };

    const { token } = mintRefreshToken(counting, userId, sessionId);

    expect(requested).toHaveLength(1);
    expect(requested[0]).toBeGreaterThanOrEqual(16);
    const secret = token.split(".")[2] ?? "";
    expect(Buffer.from(secret, "base64url").length).toBe(requested[0]);
  });

  it("mints a different token every time", () => {
    const tokens = new Set(
      Array.from({ length: 50 }, () => mintRefreshToken(systemRandom, userId, sessionId).token),
    );
    expect(tokens.size).toBe(50);
  });

  it("returns the SHA-256 hash of the token for storage, never the token itself", () => {
    const { token, hash } = mintRefreshToken(systemRandom, userId, sessionId);

    expect(hash).toBe(createHash("sha256").update(token).digest("base64url"));
    expect(hash).toBe(hashToken(token));
    expect(hash).not.toContain(token.split(".")[2]);
  });
});

describe("refresh token parsing", () => {
  it("finds the user, the session and the hash of a minted token", () => {
    const { token, hash } = mintRefreshToken(systemRandom, userId, sessionId);

    expect(parseRefreshToken(token)).toEqual({ userId, sessionId, hash });
  });

  it("refuses a JWT, including an access token's three-part shape", () => {
    const header = Buffer.from('{"alg":"RS256","typ":"at+jwt"}').toString("base64url");
    const payload = Buffer.from(`{"sub":"${userId}","sid":"${sessionId}"}`).toString("base64url");
    const signature = Buffer.alloc(256, 7).toString("base64url");

    expect(parseRefreshToken(`${header}.${payload}.${signature}`)).toBeNull();
  });

  it.each([
    ["an empty string", ""],
    ["noise", "definitely-not-a-token"],
    ["two parts", `${userId}.${sessionId}`],
    ["four parts", `${userId}.${sessionId}.${"a".repeat(43)}.x`],
    ["a user id that is not a UUID", `user.${sessionId}.${"a".repeat(43)}`],
    ["a session id of the wrong length", `${userId}.short.${"a".repeat(43)}`],
    ["a secret one character short", `${userId}.${sessionId}.${"a".repeat(42)}`],
    ["a secret one character long", `${userId}.${sessionId}.${"a".repeat(44)}`],
    ["a secret outside base64url", `${userId}.${sessionId}.${"+".repeat(43)}`],
    ["surrounding whitespace", ` ${userId}.${sessionId}.${"a".repeat(43)} `],
    ["an oversized value", `${userId}.${sessionId}.${"a".repeat(4000)}`],
  ])("refuses %s", (_, token) => {
    expect(parseRefreshToken(token)).toBeNull();
  });

  it("does not tell a guessed secret from the real one: only the hash differs", () => {
    const real = mintRefreshToken(systemRandom, userId, sessionId);
    const guessed = parseRefreshToken(`${userId}.${sessionId}.${"A".repeat(43)}`);

    expect(guessed?.sessionId).toBe(sessionId);
    expect(guessed?.hash).not.toBe(real.hash);
  });
});
