import { createHash } from "node:crypto";
import type { AuthDeps } from "../deps.js";
import { type LimitedCall, rateLimited } from "../errors.js";
import { type Budget, reserveAll } from "./attempt-limiter.js";
import { type RequestSource, sourceBudgets } from "./source-limiter.js";

/** The one counter of the global budget for anonymous credential work. */
export const ANONYMOUS_KEY = createHash("sha256").update("anonymous:all").digest("base64url");

/** An anonymous credential call that passed its limits, until it ends. */
export interface AnonymousAttempt {
  /** The call succeeded: hands back what it counted (per source, per email). */
  succeeded(): Promise<void>;
  /** The call failed: its per-source counts stay, and it counts in the global budget. */
  failed(): Promise<void>;
}

/**
 * Limits of anonymous credential work: per source (an IPv6 source at /64, /56
 * and /48) and one global budget per window for sign-ups, failed logins and failed refreshes,
 * so no number of addresses buys unlimited password hashing. Signed-in calls never reach it.
 */
export interface AnonymousLimiter {
  /**
   * Counts a login or refresh on its source and on `budgets` before the work; fails with
   * `RATE_LIMITED` in the words of `call`, counting nothing, when one is spent or the global
   * budget is.
   */
  begin(
    source: RequestSource | undefined,
    call: LimitedCall,
    budgets?: readonly Budget[],
  ): Promise<AnonymousAttempt>;
  /** Counts a sign-up, success or not, on its source and in the global budget. */
  take(source: RequestSource | undefined, call: LimitedCall): Promise<void>;
}

/** Builds the limiter from settings. */
export function createAnonymousLimiter(
  deps: Pick<AuthDeps, "stores" | "settings" | "clock">,
): AnonymousLimiter {
  const { loginAttempts } = deps.stores;
  const global: Budget = {
    key: ANONYMOUS_KEY,
    max: deps.settings.anonMaxAttempts,
    windowSeconds: deps.settings.anonWindowSeconds,
  };
  const globalLimit = () => ({
    now: deps.clock.now(),
    max: global.max,
    windowMs: global.windowSeconds * 1000,
  });
  // The global budget is one item every instance shares. It is read (never written) before
  // the work, and written only for what it counts: sign-ups and failures, which the per-source
  // limits have already thinned. So its write rate is bounded by the budget, not by traffic,
  // and a successful login or refresh never writes it. The price: concurrent calls that all
  // read it just before it fills may each still run, once.
  const globalSpent = async () =>
    (await loginAttempts.peek(global.key, deps.clock.now())) >= global.max;

  // The per-source and per-email counts and the global read, in parallel; the calls a source
  // limit refuses never touch the shared item's write capacity.
  async function admit(
    source: RequestSource | undefined,
    call: LimitedCall,
    budgets: readonly Budget[],
  ) {
    const counted =
      source === undefined ? budgets : [...sourceBudgets(source, deps.settings), ...budgets];
    const [release, spent] = await Promise.all([
      reserveAll(deps, counted),
      source === undefined ? false : globalSpent(),
    ]);
    if (release === null) throw rateLimited(call);
    if (spent) {
      await release();
      throw rateLimited(call);
    }
    return release;
  }

  return {
    async begin(source, call, budgets = []) {
      const release = await admit(source, call, budgets);
      return {
        succeeded: release,
        async failed() {
          if (source !== undefined) await loginAttempts.reserve(global.key, globalLimit());
        },
      };
    },

    async take(source, call) {
      if (source === undefined) return;
      const release = await admit(source, call, []);
      // A sign-up is counted before its work, atomically, like any per-source attempt.
      if (!(await loginAttempts.reserve(global.key, globalLimit()))) {
        await release();
        throw rateLimited(call);
      }
    },
  };
}
