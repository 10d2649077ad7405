import { argon2idHasher, OWASP_ARGON2ID, type PasswordHasher } from "@gatehouse/core";

/** Cheap argon2id for tests that hash a lot; integration tests keep the real parameters. */
export const fastHasher = () =>
  argon2idHasher({ ...OWASP_ARGON2ID, memoryCost: 1024, timeCost: 1 });

/** `fastHasher` counting its password checks, so a test can see how many guesses were tried. */
export function countingHasher(): PasswordHasher & { readonly checks: () => number } {
  const inner = fastHasher();
  let checks = 0;
  return {
    hash: (password) => inner.hash(password),
    verify: (hash, password) => {
      checks++;
      return inner.verify(hash, password);
    },
    checks: () => checks,
  };
}
