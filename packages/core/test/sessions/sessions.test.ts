import { ERROR_CODES } from "@gatehouse/core";
import { describe, expect, it } from "vitest";
import { authFixture, PASSWORD } from "../support/auth.js";
import { rejectionOf } from "../support/errors.js";

describe("logout", () => {
  it("ends the current session's access and refresh tokens and no other session", async () => {
    const { services, signUp, principalOf } = await authFixture();
    const first = await signUp("ada@example.com");
    const other = await services.credentials.login("ada@example.com", PASSWORD);

    await services.sessions.logout(first.principal);

    const error = await rejectionOf(
      services.authenticator.authenticate(`Bearer ${first.accessToken}`),
    );
    expect(error.code).toBe(ERROR_CODES.TOKEN_REVOKED);
    expect((await principalOf(other.accessToken)).userId).toBe(first.user.id);
    expect((await services.sessions.refresh(other.refreshToken)).user.id).toBe(first.user.id);
  });
});

describe("revoke", () => {
  it("with no token denies the caller's current access token only", async () => {
    const { services, signUp, principalOf } = await authFixture();
    const first = await signUp("ada@example.com");
    const sibling = await services.sessions.refresh(first.refreshToken);

    await services.sessions.revoke(first.principal, null);

    const error = await rejectionOf(
      services.authenticator.authenticate(`Bearer ${first.accessToken}`),
    );
    expect(error.code).toBe(ERROR_CODES.TOKEN_REVOKED);
    expect((await principalOf(sibling.accessToken)).sessionId).toBe(first.principal.sessionId);
  });

  it("keeps a denied access token refused through the clock skew after its exp", async () => {
    const { services, signUp, clock, settings } = await authFixture();
    const { principal, accessToken } = await signUp("ada@example.com");
    await services.sessions.revoke(principal, null);

    clock.advance(settings.ttlSeconds * 1000 + 4000);

    const error = await rejectionOf(services.authenticator.authenticate(`Bearer ${accessToken}`));
    expect(error.code).toBe(ERROR_CODES.TOKEN_REVOKED);
  });

  it("denies another of the caller's access tokens when it is passed", async () => {
    const { services, signUp, principalOf } = await authFixture();
    const first = await signUp("ada@example.com");
    const other = await services.credentials.login("ada@example.com", PASSWORD);

    await services.sessions.revoke(first.principal, other.accessToken);

    const error = await rejectionOf(
      services.authenticator.authenticate(`Bearer ${other.accessToken}`),
    );
    expect(error.code).toBe(ERROR_CODES.TOKEN_REVOKED);
    expect((await principalOf(first.accessToken)).userId).toBe(first.user.id);
    // Revoking an access token leaves its session's refresh token working.
    expect((await services.sessions.refresh(other.refreshToken)).user.id).toBe(first.user.id);
  });

  it("ends a session when its refresh token is revoked, access tokens included", async () => {
    const { services, signUp } = await authFixture();
    const { principal, accessToken, refreshToken } = await signUp("ada@example.com");

    await services.sessions.revoke(principal, refreshToken);

    const refresh = await rejectionOf(services.sessions.refresh(refreshToken));
    expect(refresh.code).toBe(ERROR_CODES.REFRESH_TOKEN_INVALID);
    const access = await rejectionOf(services.authenticator.authenticate(`Bearer ${accessToken}`));
    expect(access.code).toBe(ERROR_CODES.TOKEN_REVOKED);
  });

  it("does nothing, without failing, for a token that does not verify (RFC 7009 §2.2)", async () => {
    const { services, signUp, principalOf } = await authFixture();
    const first = await signUp("ada@example.com");

    for (const token of [
      "garbage",
      `${first.accessToken}x`,
      // The last character changed to another one (never to itself, or nothing would change).
      `${first.refreshToken.slice(0, -1)}${first.refreshToken.endsWith("A") ? "B" : "A"}`,
    ]) {
      await services.sessions.revoke(first.principal, token);
    }

    expect((await principalOf(first.accessToken)).userId).toBe(first.user.id);
    expect((await services.sessions.refresh(first.refreshToken)).user.id).toBe(first.user.id);
  });

  it("refuses a non-admin revoking another user's access or refresh token with FORBIDDEN", async () => {
    const { services, signUp, principalOf } = await authFixture();
    const ada = await signUp("ada@example.com");
    const bob = await signUp("bob@example.com");

    for (const token of [bob.accessToken, bob.refreshToken]) {
      const error = await rejectionOf(services.sessions.revoke(ada.principal, token));
      expect(error.code).toBe(ERROR_CODES.FORBIDDEN);
      expect(error.message).toBe("You are not allowed to do this.");
    }
    expect((await principalOf(bob.accessToken)).userId).toBe(bob.user.id);
  });

  it("lets an admin revoke anyone's tokens", async () => {
    const { services, signUp, admin } = await authFixture();
    const bob = await signUp("bob@example.com");
    const root = await admin();

    await services.sessions.revoke(root.principal, bob.refreshToken);

    const error = await rejectionOf(
      services.authenticator.authenticate(`Bearer ${bob.accessToken}`),
    );
    expect(error.code).toBe(ERROR_CODES.TOKEN_REVOKED);
  });
});

describe("revokeAll", () => {
  it("ends every access and refresh token of the caller issued before the call", async () => {
    const { services, signUp } = await authFixture();
    const first = await signUp("ada@example.com");
    const second = await services.credentials.login("ada@example.com", PASSWORD);
    const rotated = await services.sessions.refresh(second.refreshToken);

    await services.sessions.revokeAll(first.principal, null);

    for (const token of [first.accessToken, second.accessToken, rotated.accessToken]) {
      const error = await rejectionOf(services.authenticator.authenticate(`Bearer ${token}`));
      expect(error.code).toBe(ERROR_CODES.TOKEN_REVOKED);
    }
    for (const token of [first.refreshToken, rotated.refreshToken]) {
      const error = await rejectionOf(services.sessions.refresh(token));
      expect(error.code).toBe(ERROR_CODES.REFRESH_TOKEN_INVALID);
    }
  });

  it("lets a login in the same instant as the revocation start a working session", async () => {
    const { services, signUp, principalOf } = await authFixture();
    const first = await signUp("ada@example.com");
    await services.sessions.revokeAll(first.principal, null);

    const fresh = await services.credentials.login("ada@example.com", PASSWORD);

    expect((await principalOf(fresh.accessToken)).userId).toBe(first.user.id);
    const next = await services.sessions.refresh(fresh.refreshToken);
    expect((await principalOf(next.accessToken)).userId).toBe(first.user.id);
  });

  it("refuses a non-admin ending another user's sessions with FORBIDDEN", async () => {
    const { services, signUp } = await authFixture();
    const ada = await signUp("ada@example.com");
    const bob = await signUp("bob@example.com");

    const error = await rejectionOf(services.sessions.revokeAll(ada.principal, bob.user.id));

    expect(error.code).toBe(ERROR_CODES.FORBIDDEN);
  });

  it("lets an admin end another user's sessions", async () => {
    const { services, signUp, admin } = await authFixture();
    const bob = await signUp("bob@example.com");
    const root = await admin();

    await services.sessions.revokeAll(root.principal, bob.user.id);

    const error = await rejectionOf(services.sessions.refresh(bob.refreshToken));
    expect(error.code).toBe(ERROR_CODES.REFRESH_TOKEN_INVALID);
  });

  it("refuses an unknown user id with INVALID_ARGUMENT", async () => {
    const { services, admin } = await authFixture();
    const root = await admin();

    for (const id of ["00000000-0000-4000-8000-000000000000", "not-an-id"]) {
      const error = await rejectionOf(services.sessions.revokeAll(root.principal, id));
      expect(error.code).toBe(ERROR_CODES.INVALID_ARGUMENT);
      expect(error.message).toBe("No user has this id.");
    }
  });
});

describe("listing sessions", () => {
  it("lists the caller's live sessions, newest first, marking the current one", async () => {
    const { services, signUp, clock, principalOf } = await authFixture();
    const first = await signUp("ada@example.com");
    clock.advance(1000);
    const second = await services.credentials.login("ada@example.com", PASSWORD);
    clock.advance(1000);
    const ended = await services.credentials.login("ada@example.com", PASSWORD);
    await services.sessions.revoke(first.principal, ended.refreshToken);
    await signUp("bob@example.com");

    const sessions = await services.sessions.list(first.principal);

    const secondId = (await principalOf(second.accessToken)).sessionId;
    expect(sessions.map(({ id, current }) => ({ id, current }))).toEqual([
      { id: secondId, current: false },
      { id: first.principal.sessionId, current: true },
    ]);
    for (const session of sessions) {
      expect(session.userId).toBe(first.user.id);
      // A session view never carries the refresh token hash.
      expect(session).not.toHaveProperty("refreshTokenHash");
    }
  });

  it("leaves out sessions that have expired", async () => {
    const { services, signUp, clock, settings } = await authFixture();
    const first = await signUp("ada@example.com");
    clock.advance(settings.refreshTtlSeconds * 1000);

    expect(await services.sessions.list(first.principal)).toEqual([]);
  });
});
