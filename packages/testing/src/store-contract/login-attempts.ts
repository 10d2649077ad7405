import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { MINUTE, type StoresOf, T0 } from "./fixtures.js";

/** The LoginAttempts part of the store contract. */
export function describeLoginAttemptsContract(stores: StoresOf): void {
  describe("login attempts", () => {
    const window = { now: T0, max: 3, windowMs: 15 * MINUTE };
    const key = () => `attempts-${randomUUID()}`;

    it("counts attempts up to the limit, then refuses within the window", async () => {
      const k = key();
      const results: boolean[] = [];
      for (let i = 0; i < 5; i++) {
        results.push(await stores().loginAttempts.reserve(k, { ...window, now: T0 + i * MINUTE }));
      }

      expect(results).toEqual([true, true, true, false, false]);
    });

    it("keeps separate counts per key", async () => {
      const [a, b] = [key(), key()];
      for (let i = 0; i < 3; i++) await stores().loginAttempts.reserve(a, window);

      expect(await stores().loginAttempts.reserve(a, window)).toBe(false);
      expect(await stores().loginAttempts.reserve(b, window)).toBe(true);
    });

    it("never lets concurrent attempts exceed the limit", async () => {
      const k = key();

      const concurrent = await Promise.all(
        Array.from({ length: 12 }, () => stores().loginAttempts.reserve(k, window)),
      );

      const granted = concurrent.filter(Boolean).length;
      expect(granted).toBeGreaterThanOrEqual(1);
      expect(granted).toBeLessThanOrEqual(window.max);
      // Whatever the race let through, the window holds exactly `max` attempts in total.
      let more = 0;
      while (more <= window.max && (await stores().loginAttempts.reserve(k, window))) more++;
      expect(granted + more).toBe(window.max);
    });

    it("opens a new window once the old one has passed", async () => {
      const k = key();
      for (let i = 0; i < 3; i++) await stores().loginAttempts.reserve(k, window);

      const end = T0 + window.windowMs;
      expect(await stores().loginAttempts.reserve(k, { ...window, now: end - 1 })).toBe(false);
      const next = [end, end + 1, end + 2, end + 3].map((now) => ({ ...window, now }));
      const results: boolean[] = [];
      for (const limit of next) results.push(await stores().loginAttempts.reserve(k, limit));
      expect(results).toEqual([true, true, true, false]);
    });

    it("forgets every attempt of a key on clear, and only of that key", async () => {
      const [k, other] = [key(), key()];
      for (let i = 0; i < 3; i++) {
        await stores().loginAttempts.reserve(k, window);
        await stores().loginAttempts.reserve(other, window);
      }

      await stores().loginAttempts.clear(k);
      await stores().loginAttempts.clear(key());

      expect(await stores().loginAttempts.peek(k, T0)).toBe(0);
      expect(await stores().loginAttempts.reserve(k, window)).toBe(true);
      expect(await stores().loginAttempts.reserve(other, window)).toBe(false);
    });

    it("gives one attempt back on release", async () => {
      const k = key();
      for (let i = 0; i < 3; i++) await stores().loginAttempts.reserve(k, window);

      await stores().loginAttempts.release(k, T0 + 1);

      expect(await stores().loginAttempts.reserve(k, { ...window, now: T0 + 2 })).toBe(true);
      expect(await stores().loginAttempts.reserve(k, { ...window, now: T0 + 3 })).toBe(false);
    });

    it("releases nothing below zero and nothing for an unknown key", async () => {
      const k = key();
      await stores().loginAttempts.release(k, T0);
      await stores().loginAttempts.reserve(k, window);
      await stores().loginAttempts.release(k, T0);
      await stores().loginAttempts.release(k, T0);

      const results: boolean[] = [];
      for (let i = 0; i < 4; i++) results.push(await stores().loginAttempts.reserve(k, window));

      expect(results).toEqual([true, true, true, false]);
    });

    it("releases nothing into a window that has already passed", async () => {
      const k = key();
      for (let i = 0; i < 3; i++) await stores().loginAttempts.reserve(k, window);
      const later = T0 + window.windowMs;

      await stores().loginAttempts.release(k, later);

      const results: boolean[] = [];
      for (let i = 0; i < 4; i++) {
        results.push(await stores().loginAttempts.reserve(k, { ...window, now: later }));
      }
      expect(results).toEqual([true, true, true, false]);
    });

    it("reports the attempts of the live window without counting one", async () => {
      const k = key();
      expect(await stores().loginAttempts.peek(k, T0)).toBe(0);
      for (let i = 0; i < 2; i++) await stores().loginAttempts.reserve(k, window);

      expect(await stores().loginAttempts.peek(k, T0 + 1)).toBe(2);
      expect(await stores().loginAttempts.peek(k, T0 + 1)).toBe(2);
      await stores().loginAttempts.release(k, T0 + 1);
      expect(await stores().loginAttempts.peek(k, T0 + 1)).toBe(1);
      expect(await stores().loginAttempts.peek(k, T0 + window.windowMs)).toBe(0);
    });
  });
}
