import { type AccountService, createAccountService } from "./accounts/account-service.js";
import {
  createEmailChangeService,
  type EmailChangeService,
} from "./accounts/email-change-service.js";
import {
  type CredentialService,
  createCredentialService,
} from "./credentials/credential-service.js";
import { createRecoveryService, type RecoveryService } from "./credentials/recovery-service.js";
import type { AuthDeps } from "./deps.js";
import { createPasskeyService, type PasskeyService } from "./factors/passkeys/index.js";
import {
  createSecondFactorService,
  type SecondFactorService,
} from "./factors/second-factor-service.js";
import { type Authenticator, createAuthenticator } from "./sessions/authenticator.js";
import { createSessionService, type SessionService } from "./sessions/session-service.js";

/** The whole auth domain, built once per container. */
export interface AuthServices {
  readonly authenticator: Authenticator;
  readonly credentials: CredentialService;
  readonly accounts: AccountService;
  readonly sessions: SessionService;
  readonly recovery: RecoveryService;
  readonly emailChange: EmailChangeService;
  readonly secondFactors: SecondFactorService;
  readonly passkeys: PasskeyService;
}

/** Wires every service from one set of dependencies. */
export function createAuthServices(deps: AuthDeps): AuthServices {
  return {
    authenticator: createAuthenticator(deps),
    credentials: createCredentialService(deps),
    accounts: createAccountService(deps),
    sessions: createSessionService(deps),
    recovery: createRecoveryService(deps),
    emailChange: createEmailChangeService(deps),
    secondFactors: createSecondFactorService(deps),
    passkeys: createPasskeyService(deps),
  };
}
