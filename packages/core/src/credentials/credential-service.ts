import { acceptEmail, findUserByEmail } from "../accounts/email.js";
import { isAdmin, type Principal } from "../accounts/principal.js";
import type { AuthDeps } from "../deps.js";
import {
  accountDisabled,
  emailTaken,
  forbidden,
  invalidArgument,
  invalidCredentials,
  signUpClosed,
} from "../errors.js";
import { NO_SECOND_FACTORS } from "../factors/second-factors.js";
import type { UserId } from "../ids.js";
import type { UserRecord } from "../ports.js";
import { ADMIN, type Role, USER } from "../roles.js";
import { passwordAssurance } from "../sessions/assurance.js";
import { type AuthResult, startSession } from "../sessions/issue.js";
import { createAnonymousLimiter } from "./anonymous-limiter.js";
import { loginBudgets } from "./login-limiter.js";
import { acceptPassword } from "./password-policy.js";
import { mailVerificationLink } from "./recovery-service.js";
import type { RequestSource } from "./source-limiter.js";

/** Sign-up, login and account creation. */
export interface CredentialService {
  /**
   * Creates a USER account and signs it in; fails when sign-up is closed, input is invalid or
   * `source` has used up its attempts.
   */
  signUp(email: string, password: string, source?: RequestSource): Promise<AuthResult>;
  /**
   * Checks email and password and starts a session; one failure for unknown email or wrong
   * password. Limited per (email, source), per email across sources, per source address and
   * by the global budget of anonymous work.
   */
  login(email: string, password: string, source?: RequestSource): Promise<AuthResult>;
  /** An admin creates an account with the given roles (default USER). */
  createUser(
    caller: Principal,
    email: string,
    password: string,
    roles?: readonly Role[],
  ): Promise<UserRecord>;
  /** Makes sure an admin account exists with this email (idempotent); used to seed a deployment. */
  ensureAdmin(email: string, password: string): Promise<UserRecord>;
}

/** Builds the credential service. */
export function createCredentialService(deps: AuthDeps): CredentialService {
  // One budget per source address shared by sign-ups, failed logins and failed refreshes. A sign-up counts even
  // when it succeeds: a new account is itself what an abuser wants in bulk, and "email taken"
  // tells which addresses have accounts. A login counts only when it fails (like the per-email
  // limit, it is counted first and handed back on success): a right password is not the
  // guessing this limit exists to stop, and many honest users can share one NAT address. So
  // rotating emails (credential stuffing, password spraying) still runs into it. The global
  // budget caps what all sources together can make the service hash.
  const anonymous = createAnonymousLimiter(deps);
  // Checked against on the unknown-email path, so it costs what a real check costs.
  let dummyHash: Promise<string> | undefined;
  const getDummyHash = () => {
    dummyHash ??= deps.hasher.hash(Buffer.from(deps.random.bytes(32)).toString("base64url"));
    return dummyHash;
  };

  async function draftUser(email: string, password: string, requested: readonly Role[]) {
    const roles = deps.settings.roles.accept(requested);
    const address = acceptEmail(email);
    const accepted = acceptPassword(password, deps.settings.passwordMinLength);
    const user: UserRecord = {
      id: deps.random.uuid() as UserId,
      email: address,
      passwordHash: await deps.hasher.hash(accepted),
      roles,
      createdAt: deps.clock.now(),
      accessNotBefore: 0,
      sessionsNotBefore: 0,
      credentialVersion: 0,
      keptSession: null,
      emailVerified: false,
      disabled: false,
      secondFactors: NO_SECOND_FACTORS,
    };
    return user;
  }

  async function store(user: UserRecord) {
    await deps.stores.users.create(user);
    if (user.roles.includes(ADMIN)) await deps.stores.admins.add(user.id);
    return user;
  }

  const newUser = async (email: string, password: string, roles: readonly Role[]) =>
    store(await draftUser(email, password, roles));

  return {
    async signUp(email, password, source) {
      if (deps.settings.signup !== "open") throw signUpClosed();
      await anonymous.take(source, "signUp");
      const user = await draftUser(email, password, [USER]);
      // The contract: sign-up mails the first verification link, and a mail that cannot be
      // sent fails the mutation (MAIL_UNAVAILABLE). So the mail goes before the account is
      // stored: a failed mail leaves no account (and the address free for a retry). A taken
      // address is refused before anything is mailed; only a sign-up racing another for one
      // address can mail a link that then leads nowhere (its user never existed).
      if ((await deps.stores.users.getByEmail(user.email)) !== null) throw emailTaken();
      await mailVerificationLink(deps, user);
      return startSession(deps, await store(user), passwordAssurance(deps.clock.now()));
    },

    async login(email, password, source) {
      const budgets = loginBudgets(email, source, deps.settings);
      const attempt = await anonymous.begin(source, "login", budgets);
      const user = await findUserByEmail(deps.stores.users, email);
      const candidate = password.normalize("NFKC");
      const ok = user
        ? await deps.hasher.verify(user.passwordHash, candidate)
        : await deps.hasher.verify(await getDummyHash(), candidate).then(() => false);
      if (!user || !ok) {
        await attempt.failed();
        throw invalidCredentials();
      }
      // Told only after the password checked out, so the answer gives a guesser nothing. A
      // right password is no guess: this attempt's count is handed back like any success's
      // (no other count is cleared), and no session starts.
      await attempt.succeeded();
      if (user.disabled) throw accountDisabled();
      return startSession(deps, user, passwordAssurance(deps.clock.now()));
    },

    async createUser(caller, email, password, roles = [USER]) {
      if (!isAdmin(caller)) throw forbidden();
      return newUser(email, password, roles);
    },

    async ensureAdmin(email, password) {
      acceptEmail(email);
      const existing = await findUserByEmail(deps.stores.users, email);
      if (existing === null) return newUser(email, password, [USER, ADMIN]);
      if (existing.roles.includes(ADMIN)) return existing;
      // Whoever signed up first with the admin's address (a squatter, when sign-up is open)
      // must not be handed ADMIN: only the holder of the configured password is promoted.
      if (!(await deps.hasher.verify(existing.passwordHash, password.normalize("NFKC")))) {
        throw invalidArgument(
          "An account with the admin email already exists with another password; it was not made ADMIN.",
        );
      }
      const updated = await deps.stores.users.update(existing.id, {
        roles: deps.settings.roles.normalize([...existing.roles, ADMIN]),
      });
      await deps.stores.admins.add(existing.id);
      return updated ?? existing;
    },
  };
}
