import { randomBytes } from "node:crypto";
import { setTimeout as wait } from "node:timers/promises";
import type { Clock, Random } from "./ports.js";

/** The wall clock. */
export const systemClock: Clock = { now: () => Date.now(), sleep: (ms) => wait(ms) };

/** Resolves once `clock` reads `epochMs` or later (at once when it already does). */
export async function sleepUntil(clock: Clock, epochMs: number): Promise<void> {
  const ms = epochMs - clock.now();
  if (ms <= 0) return;
  await (clock.sleep === undefined ? wait(ms) : clock.sleep(ms));
}

/** Cryptographically secure randomness from `node:crypto`. */
export const systemRandom: Random = {
  bytes: (length) => new Uint8Array(randomBytes(length)),
  uuid: () => crypto.randomUUID(),
};
