import type { Clock } from "@gatehouse/core";

/** A clock that stands still until told to move. */
export interface TestClock extends Clock {
  set(epochMs: number): void;
  advance(ms: number): void;
}

/** A fixed clock starting at `start` (default 2026-01-01T00:00:00.000Z). */
export function fixedClock(start = Date.UTC(2026, 0, 1)): TestClock {
  let now = start;
  return {
    now: () => now,
    set: (epochMs) => {
      now = epochMs;
    },
    advance: (ms) => {
      now += ms;
    },
    // Sleeping moves the clock: the sleeper sees the time it waited for, and nobody waits.
    sleep: async (ms) => {
      now += ms;
    },
  };
}
