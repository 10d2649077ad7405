import { argon2idHasher, type PasswordHasher } from "@gatehouse/core";
import type { TestApp } from "@gatehouse/testing/http";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { dynamoApp, errorOf, LOGIN, signUp, uniqueEmail } from "../support/gql.js";

// OWASP Authentication Cheat Sheet, "Authentication Responses": an unknown email must not
// answer faster than a wrong password, or response times enumerate accounts. The unknown path
// checks the password against a dummy hash. What a login costs is its password checks, so this
// counts them and reads the parameters of the hash each one was made against: the same work
// on both paths, with no clock in the test. The times themselves are a benchmark target
// (`login-unknown ~ login-wrong` in `npm run bench`), where a loaded machine cannot fail a build.

/** The real OWASP argon2id hasher, recording the parameters of every hash it checks against. */
function recordingHasher(): PasswordHasher & { readonly checked: string[] } {
  const inner = argon2idHasher();
  const checked: string[] = [];
  return {
    hash: (password) => inner.hash(password),
    verify: (hash, password) => {
      // `$argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>`: the algorithm, version and costs.
      checked.push(hash.split("$").slice(0, 4).join("$"));
      return inner.verify(hash, password);
    },
    checked,
  };
}

describe("login timing with the production password hasher", () => {
  let app: TestApp;
  let hasher: ReturnType<typeof recordingHasher>;
  let known: string;
  /** An email already over its failure limit: refused before any password check. */
  const limited = uniqueEmail("limited");

  const attempt = (email: string) =>
    app.graphql(LOGIN, { email, password: "not the password at all" });

  beforeAll(async () => {
    hasher = recordingHasher();
    app = await dynamoApp({ hasher, env: { GATEHOUSE_LOGIN_MAX_FAILURES: "3" } });
    known = (await signUp(app, uniqueEmail("timed"))).user.email;
    for (let i = 0; i < 3; i++) await attempt(limited);
  });

  beforeEach(() => {
    hasher.checked.length = 0;
  });

  it("takes as long for an unknown email as for a wrong password, and a skipped hash would show", async () => {
    expect(errorOf(await attempt(known)).code).toBe("UNAUTHENTICATED");
    const wrong = [...hasher.checked];
    hasher.checked.length = 0;
    expect(errorOf(await attempt(uniqueEmail("nobody"))).code).toBe("UNAUTHENTICATED");
    const unknown = [...hasher.checked];
    hasher.checked.length = 0;
    expect(errorOf(await attempt(limited)).code).toBe("RATE_LIMITED");
    const refused = [...hasher.checked];

    // One check each, against a hash of the very same algorithm and costs.
    expect(wrong).toEqual(["$argon2id$v=19$m=19456,t=2,p=1"]);
    expect(unknown).toEqual(wrong);
    // The control: an attempt that checks no password is seen as one, so the comparison above
    // would catch an unknown-email path that skipped the dummy hash.
    expect(refused).toEqual([]);
  });
});
