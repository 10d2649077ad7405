import { type AccountService, createAccountService } from "./accounts.js";
import { type Authenticator, createAuthenticator } from "./authenticator.js";
import { type CredentialService, createCredentialService } from "./credentials.js";
import type { AuthDeps } from "./deps.js";
import { createSessionService, type SessionService } from "./sessions.js";

/** The whole auth domain, built once per container. */
export interface AuthServices {
  readonly authenticator: Authenticator;
  readonly credentials: CredentialService;
  readonly accounts: AccountService;
  readonly sessions: SessionService;
}

/** Wires every service from one set of dependencies. */
export function createAuthServices(deps: AuthDeps): AuthServices {
  return {
    authenticator: createAuthenticator(deps),
    credentials: createCredentialService(deps),
    accounts: createAccountService(deps),
    sessions: createSessionService(deps),
  };
}
