import { argon2idHasher } from "@gatehouse/core";
import type { TestApp } from "@gatehouse/testing/http";
import { beforeAll, describe, expect, it } from "vitest";
import { dynamoApp, errorOf, LOGIN, signUp, uniqueEmail } from "../support/gql.js";

// OWASP Authentication Cheat Sheet, "Authentication Responses": an unknown email must not
// answer faster than a wrong password, or response times enumerate accounts. The unknown path
// checks the password against a dummy hash. Medians of interleaved samples, compared as a
// ratio, so the test holds on a slow or busy machine; the real OWASP argon2id parameters,
// because the property is about what a real hash costs.

const ROUNDS = 21;
const WARM_UP = 3;
/** How far apart the two medians may be, as a ratio of the larger to the smaller. */
const TOLERANCE = 1.35;

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
};

describe("login timing with the production password hasher", () => {
  let app: TestApp;
  /** Known accounts, each taking a share of the wrong-password samples (under its limit). */
  const known: string[] = [];
  /** An email already over its failure limit: refused before any password check. */
  const limited = uniqueEmail("limited");

  beforeAll(async () => {
    app = await dynamoApp({
      hasher: argon2idHasher(),
      env: { GATEHOUSE_LOGIN_MAX_FAILURES: "3" },
    });
    for (let i = 0; i < 9; i++) known.push((await signUp(app, uniqueEmail("timed"))).user.email);
    for (let i = 0; i < 3; i++) await attempt(limited);
  });

  function attempt(email: string) {
    return app.graphql(LOGIN, { email, password: "not the password at all" });
  }

  async function timed(email: string, code: string) {
    const started = performance.now();
    const response = await attempt(email);
    const elapsed = performance.now() - started;
    expect(errorOf(response).code).toBe(code);
    return elapsed;
  }

  it("takes as long for an unknown email as for a wrong password, and a skipped hash would show", async () => {
    const samples = { unknown: [] as number[], wrong: [] as number[], refused: [] as number[] };
    for (let round = 0; round < WARM_UP + ROUNDS; round++) {
      const kinds = [
        async () => ["unknown", await timed(uniqueEmail("nobody"), "UNAUTHENTICATED")] as const,
        async () =>
          ["wrong", await timed(known[round % known.length] ?? "", "UNAUTHENTICATED")] as const,
        async () => ["refused", await timed(limited, "RATE_LIMITED")] as const,
      ];
      // Rotate the order each round, so drift in the machine's load falls on every kind alike.
      for (let i = 0; i < kinds.length; i++) {
        const sample = kinds[(round + i) % kinds.length];
        if (sample === undefined) continue;
        const [kind, elapsed] = await sample();
        if (round >= WARM_UP) samples[kind].push(elapsed);
      }
    }
    const unknown = median(samples.unknown);
    const wrong = median(samples.wrong);
    const refused = median(samples.refused);

    expect(Math.max(unknown, wrong) / Math.min(unknown, wrong)).toBeLessThan(TOLERANCE);
    // The control: an attempt that checks no password is measurably quicker, so the
    // comparison above would catch an unknown-email path that skipped the dummy hash.
    expect(wrong / refused).toBeGreaterThan(TOLERANCE);
  });
});
