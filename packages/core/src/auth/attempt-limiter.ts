import { ERROR_CODES, GatehouseError } from "../errors.js";
import type { AuthDeps } from "./deps.js";

/** Takes back one counted attempt. */
export type Release = () => Promise<void>;

/**
 * Counts attempts per key on the atomic `LoginAttempts` counters: each attempt is counted
 * *before* the work it guards, in one conditional write, so concurrent or batched attempts
 * cannot exceed `max`; the caller hands the count back when the attempt should not count.
 */
export function createAttemptLimiter(
  deps: Pick<AuthDeps, "stores" | "clock">,
  limit: { readonly max: number; readonly windowSeconds: number },
) {
  return {
    /** Counts one attempt for `key`, or fails with `RATE_LIMITED` and `message`. */
    async begin(key: string, message: string): Promise<Release> {
      const allowed = await deps.stores.loginAttempts.reserve(key, {
        now: deps.clock.now(),
        max: limit.max,
        windowMs: limit.windowSeconds * 1000,
      });
      if (!allowed) throw new GatehouseError(ERROR_CODES.RATE_LIMITED, message);
      return () => deps.stores.loginAttempts.release(key, deps.clock.now());
    },
  };
}
