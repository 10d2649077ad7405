import type { Algorithm } from "@node-rs/argon2";

/** Hashes and checks passwords. */
export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
}

/** argon2id cost parameters. */
export interface Argon2Parameters {
  /** KiB of memory. */
  readonly memoryCost: number;
  readonly timeCost: number;
  readonly parallelism: number;
}

/** OWASP Password Storage Cheat Sheet: argon2id, m=19 MiB, t=2, p=1. */
export const OWASP_ARGON2ID: Argon2Parameters = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

// `Algorithm` is a const enum in the binding's types, which isolated modules cannot inline.
const ARGON2ID = 2 as Algorithm;

// Loaded on the first hash or check, not at start: the native addon costs a cold start 10 ms
// or more, and only sign-up, login and password changes need it.
let binding: Promise<typeof import("@node-rs/argon2")> | undefined;
const argon2 = () => {
  binding ??= import("@node-rs/argon2");
  return binding;
};

/**
 * argon2id through `@node-rs/argon2`. The whole password is hashed: argon2 has no 72-byte
 * truncation, unlike bcrypt. Hashes are PHC strings carrying their own parameters and salt.
 */
export function argon2idHasher(parameters: Argon2Parameters = OWASP_ARGON2ID): PasswordHasher {
  const options = { ...parameters, algorithm: ARGON2ID };
  return {
    hash: async (password) => (await argon2()).hash(password, options),
    async verify(stored, password) {
      const { verify } = await argon2();
      try {
        return await verify(stored, password);
      } catch {
        return false;
      }
    },
  };
}
