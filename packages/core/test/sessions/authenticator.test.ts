import {
  ERROR_CODES,
  INVALID_TOKEN_MESSAGE,
  type Jti,
  type SessionId,
  signAccessToken,
} from "@gatehouse/core";
import { describe, expect, it } from "vitest";
import { authFixture } from "../support/auth.js";
import { rejectionOf } from "../support/errors.js";

describe("authenticating a request", () => {
  it("treats a request without Authorization as anonymous", async () => {
    const { services } = await authFixture();
    expect(await services.authenticator.authenticate(undefined)).toBeNull();
  });

  it("returns the principal of a valid access token", async () => {
    const { services, signUp } = await authFixture();
    const { accessToken, user } = await signUp("ada@example.com");

    const principal = await services.authenticator.authenticate(`bearer  ${accessToken}`);

    expect(principal).toMatchObject({ userId: user.id, roles: ["USER"] });
    expect(principal?.expiresAt).toBeGreaterThan(0);
  });

  it("carries the caller's account from the revocation read, never its password hash", async () => {
    const { services, signUp } = await authFixture();
    const { accessToken, user } = await signUp("ada@example.com");

    const principal = await services.authenticator.authenticate(`Bearer ${accessToken}`);

    const { passwordHash: _, ...profile } = user;
    expect(principal?.account).toEqual(profile);
    expect(principal?.account).not.toHaveProperty("passwordHash");
  });

  it("refuses a header that is present but not a bearer token", async () => {
    const { services, signUp } = await authFixture();
    const { accessToken } = await signUp("ada@example.com");

    for (const header of ["", `Basic ${accessToken}`, `Bearer ${accessToken}, Bearer x`]) {
      const error = await rejectionOf(services.authenticator.authenticate(header));
      expect(error.code).toBe(ERROR_CODES.BAD_AUTHORIZATION_HEADER);
      expect(error.message).toBe(INVALID_TOKEN_MESSAGE);
    }
  });

  it("never accepts a refresh token as a bearer token", async () => {
    const { services, signUp } = await authFixture();
    const { refreshToken } = await signUp("ada@example.com");

    const error = await rejectionOf(services.authenticator.authenticate(`Bearer ${refreshToken}`));

    expect(error.code).toBe(ERROR_CODES.TOKEN_MALFORMED);
    expect(error.message).toBe(INVALID_TOKEN_MESSAGE);
  });

  it("refuses an expired access token", async () => {
    const { services, signUp, clock, settings } = await authFixture();
    const { accessToken } = await signUp("ada@example.com");
    clock.advance((settings.ttlSeconds + 5) * 1000);

    const error = await rejectionOf(services.authenticator.authenticate(`Bearer ${accessToken}`));

    expect(error.code).toBe(ERROR_CODES.TOKEN_EXPIRED);
  });

  it("fails closed with STORE_UNAVAILABLE when the revocation read fails", async () => {
    const { services, signUp, stores } = await authFixture();
    const { accessToken } = await signUp("ada@example.com");
    stores.failNext();

    const error = await rejectionOf(services.authenticator.authenticate(`Bearer ${accessToken}`));

    expect(error.code).toBe(ERROR_CODES.STORE_UNAVAILABLE);
    expect(error.message).toBe("The service is temporarily unavailable. Try again shortly.");
  });

  it("reads revocation only after the signature and claims verify", async () => {
    const { services, signUp, stores } = await authFixture();
    const { accessToken } = await signUp("ada@example.com");
    stores.failNext();

    // The signature's first character changed: canonical, so it reaches the signature check.
    const [header, payload, signature = ""] = accessToken.split(".");
    const tampered = `${header}.${payload}.${signature.startsWith("A") ? "B" : "A"}${signature.slice(1)}`;
    const error = await rejectionOf(services.authenticator.authenticate(`Bearer ${tampered}`));

    expect(error.code).toBe(ERROR_CODES.BAD_SIGNATURE);
    // The store failure was not consumed: no read happened for the bad token.
    const next = await rejectionOf(services.authenticator.authenticate(`Bearer ${accessToken}`));
    expect(next.code).toBe(ERROR_CODES.STORE_UNAVAILABLE);
  });

  it("refuses a token whose session was ended in the store", async () => {
    const { services, signUp, stores, principalOf } = await authFixture();
    const { accessToken } = await signUp("ada@example.com");
    const principal = await principalOf(accessToken);
    await stores.sessions.revoke(principal.userId, principal.sessionId, {
      now: 0,
      tokensFor: Number.MAX_SAFE_INTEGER,
    });

    const error = await rejectionOf(services.authenticator.authenticate(`Bearer ${accessToken}`));

    expect(error.code).toBe(ERROR_CODES.TOKEN_REVOKED);
  });

  it("refuses a correctly signed token whose roles are not the user's roles", async () => {
    const { services, signUp, keys, settings, clock } = await authFixture();
    const { user } = await signUp("ada@example.com");
    const forged = await signAccessToken(
      keys,
      settings,
      {
        sub: user.id,
        sid: "SomeSessionAAAAAAAAAAA" as SessionId,
        sct: clock.now(),
        jti: "SomeTokenAAAAAAAAAAAAA" as Jti,
        roles: ["USER", "ADMIN"],
      },
      clock.now(),
      0,
    );

    const error = await rejectionOf(services.authenticator.authenticate(`Bearer ${forged.token}`));

    expect(error.code).toBe(ERROR_CODES.TOKEN_REVOKED);
  });
});
