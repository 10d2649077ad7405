import { randomBytes } from "node:crypto";
import type { Clock, Random } from "./ports.js";

/** The wall clock. */
export const systemClock: Clock = { now: () => Date.now() };

/** Cryptographically secure randomness from `node:crypto`. */
export const systemRandom: Random = {
  bytes: (length) => new Uint8Array(randomBytes(length)),
  uuid: () => crypto.randomUUID(),
};
