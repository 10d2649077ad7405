import { ERROR_CODES, INVALID_TOKEN_MESSAGE, systemRandom } from "@gatehouse/core";
import { describe, expect, it } from "vitest";
import { mintRefreshToken } from "../../src/tokens/refresh-token.js";
import { authFixture } from "../support/auth.js";
import { rejectionOf } from "../support/errors.js";

const REFRESH_MESSAGE = "The refresh token is invalid or expired. Sign in again.";

describe("refresh", () => {
  it("rotates the refresh token and issues a new access token in the same session", async () => {
    const { services, signUp, principalOf, clock } = await authFixture();
    const first = await signUp("ada@example.com");
    clock.advance(1000);

    const next = await services.sessions.refresh(first.refreshToken);

    expect(next.refreshToken).not.toBe(first.refreshToken);
    expect(next.accessToken).not.toBe(first.accessToken);
    const principal = await principalOf(next.accessToken);
    expect(principal.sessionId).toBe(first.principal.sessionId);
    expect(principal.jti).not.toBe(first.principal.jti);
    // The refresh token from the rotation works in turn.
    expect((await services.sessions.refresh(next.refreshToken)).user.id).toBe(first.user.id);
  });

  it("ends the whole session when a rotated refresh token is reused", async () => {
    const { services, signUp, clock } = await authFixture();
    const first = await signUp("ada@example.com");
    const next = await services.sessions.refresh(first.refreshToken);
    clock.advance(1000);

    const reuse = await rejectionOf(services.sessions.refresh(first.refreshToken));

    expect(reuse.code).toBe(ERROR_CODES.REFRESH_TOKEN_REUSED);
    expect(reuse.message).toBe(REFRESH_MESSAGE);
    const afterwards = await rejectionOf(services.sessions.refresh(next.refreshToken));
    expect(afterwards.code).toBe(ERROR_CODES.REFRESH_TOKEN_INVALID);
    for (const token of [first.accessToken, next.accessToken]) {
      const error = await rejectionOf(services.authenticator.authenticate(`Bearer ${token}`));
      expect(error.code).toBe(ERROR_CODES.TOKEN_REVOKED);
      expect(error.message).toBe(INVALID_TOKEN_MESSAGE);
    }
  });

  it("lets exactly one of two concurrent refreshes with one token win and ends the session", async () => {
    const { services, signUp } = await authFixture();
    const { refreshToken } = await signUp("ada@example.com");

    const results = await Promise.allSettled([
      services.sessions.refresh(refreshToken),
      services.sessions.refresh(refreshToken),
    ]);

    const winners = results.filter((result) => result.status === "fulfilled");
    const losers = results.filter((result) => result.status === "rejected");
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect(losers[0]?.reason).toMatchObject({ code: ERROR_CODES.REFRESH_TOKEN_REUSED });
    const winner = winners[0]?.status === "fulfilled" ? winners[0].value : undefined;
    const error = await rejectionOf(services.sessions.refresh(winner?.refreshToken ?? ""));
    expect(error.code).toBe(ERROR_CODES.REFRESH_TOKEN_INVALID);
  });

  it("carries the user's current roles into the new access token", async () => {
    const { services, signUp, admin, principalOf } = await authFixture();
    const ada = await signUp("ada@example.com");
    const root = await admin();
    await services.accounts.setRoles(root.principal, ada.user.id, ["USER", "ADMIN"]);

    const next = await services.sessions.refresh(ada.refreshToken);

    expect(next.user.roles).toEqual(["USER", "ADMIN"]);
    expect((await principalOf(next.accessToken)).roles).toEqual(["USER", "ADMIN"]);
  });

  it.each([
    ["noise", "not-a-refresh-token"],
    ["an empty string", ""],
  ])("refuses %s with REFRESH_TOKEN_INVALID", async (_, token) => {
    const { services } = await authFixture();
    const error = await rejectionOf(services.sessions.refresh(token));
    expect(error.code).toBe(ERROR_CODES.REFRESH_TOKEN_INVALID);
    expect(error.message).toBe(REFRESH_MESSAGE);
  });

  it("refuses an access token passed as a refresh token", async () => {
    const { services, signUp } = await authFixture();
    const { accessToken } = await signUp("ada@example.com");

    const error = await rejectionOf(services.sessions.refresh(accessToken));

    expect(error.code).toBe(ERROR_CODES.REFRESH_TOKEN_INVALID);
  });

  it("refuses a guessed secret for a real session without ending that session", async () => {
    const { services, signUp } = await authFixture();
    const { user, principal, refreshToken } = await signUp("ada@example.com");
    const guessed = mintRefreshToken(systemRandom, user.id, principal.sessionId).token;

    const error = await rejectionOf(services.sessions.refresh(guessed));

    expect(error.code).toBe(ERROR_CODES.REFRESH_TOKEN_INVALID);
    expect((await services.sessions.refresh(refreshToken)).user.id).toBe(user.id);
  });

  it("refuses a refresh token once its session has expired, and rotation never extends it", async () => {
    const { services, signUp, clock, settings } = await authFixture();
    const first = await signUp("ada@example.com");
    clock.advance(settings.refreshTtlSeconds * 1000 - 1000);
    const last = await services.sessions.refresh(first.refreshToken);

    clock.advance(1000);

    const error = await rejectionOf(services.sessions.refresh(last.refreshToken));
    expect(error.code).toBe(ERROR_CODES.REFRESH_TOKEN_INVALID);
  });

  it("refuses the refresh token of a session that was logged out", async () => {
    const { services, signUp } = await authFixture();
    const { principal, refreshToken } = await signUp("ada@example.com");
    await services.sessions.logout(principal);

    const error = await rejectionOf(services.sessions.refresh(refreshToken));

    expect(error.code).toBe(ERROR_CODES.REFRESH_TOKEN_INVALID);
  });
});
