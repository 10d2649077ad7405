import type { AuthDeps } from "../deps.js";

/** Takes back counted attempts. */
export type Release = () => Promise<void>;

/** One counter an attempt is counted on: its store key and its budget per window. */
export interface Budget {
  readonly key: string;
  readonly max: number;
  /** Seconds. */
  readonly windowSeconds: number;
}

/**
 * Counts one attempt on every budget, each in one conditional write on the atomic
 * `LoginAttempts` counters, so concurrent or batched attempts cannot exceed any `max`. All or
 * nothing: when one budget is spent, the others are handed back and the attempt counts
 * nowhere. Returns null then, or the release that hands back every count.
 */
export async function reserveAll(
  deps: Pick<AuthDeps, "stores" | "clock">,
  budgets: readonly Budget[],
): Promise<Release | null> {
  const { loginAttempts } = deps.stores;
  const now = deps.clock.now();
  const granted = await Promise.all(
    budgets.map((budget) =>
      loginAttempts.reserve(budget.key, {
        now,
        max: budget.max,
        windowMs: budget.windowSeconds * 1000,
      }),
    ),
  );
  const releaseOf = (chosen: readonly Budget[]): Release => {
    return async () => {
      const at = deps.clock.now();
      await Promise.all(chosen.map((budget) => loginAttempts.release(budget.key, at)));
    };
  };
  if (granted.every(Boolean)) return releaseOf(budgets);
  await releaseOf(budgets.filter((_, i) => granted[i]))();
  return null;
}
