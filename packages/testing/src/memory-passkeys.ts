import type {
  PasskeyChallenge,
  PasskeyChallengeStore,
  PasskeyRecord,
  PasskeyStore,
  UserId,
} from "@gatehouse/core";

/** Runs one store call, as the memory stores do (so `failNext` reaches these too). */
export type StoreOp = <T>(fn: () => T) => Promise<T>;

/** The passkey stores in memory, with the DynamoDB adapter's semantics (the contract checks). */
export function memoryPasskeyStores(op: StoreOp): {
  passkeys: PasskeyStore;
  passkeyChallenges: PasskeyChallengeStore;
} {
  const passkeys = new Map<string, PasskeyRecord>();
  const owners = new Map<string, UserId>();
  const challenges = new Map<string, PasskeyChallenge>();
  const keyOf = (userId: UserId, id: string) => `${userId}/${id}`;

  return {
    passkeys: {
      add: (passkey) =>
        op(() => {
          if (owners.has(passkey.id)) return "taken" as const;
          owners.set(passkey.id, passkey.userId);
          passkeys.set(keyOf(passkey.userId, passkey.id), {
            ...passkey,
            transports: [...passkey.transports],
          });
          return "added" as const;
        }),
      list: (userId) =>
        op(() =>
          [...passkeys.values()]
            .filter((passkey) => passkey.userId === userId)
            .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id)),
        ),
      get: (userId, id) => op(() => passkeys.get(keyOf(userId, id)) ?? null),
      ownerOf: (id) => op(() => owners.get(id) ?? null),
      recordUse: (userId, id, { from, to, now }) =>
        op(() => {
          const passkey = passkeys.get(keyOf(userId, id));
          if (passkey === undefined || passkey.counter !== from) return false;
          passkeys.set(keyOf(userId, id), { ...passkey, counter: to, lastUsedAt: now });
          return true;
        }),
      remove: (userId, id) =>
        op(() => {
          if (!passkeys.delete(keyOf(userId, id))) return false;
          if (owners.get(id) === userId) owners.delete(id);
          return true;
        }),
    },

    passkeyChallenges: {
      put: (entry) =>
        op(() => {
          challenges.set(entry.challenge, { ...entry });
        }),
      take: (challenge, now) =>
        op(() => {
          const entry = challenges.get(challenge);
          challenges.delete(challenge);
          return entry === undefined || entry.expiresAt <= now ? null : entry;
        }),
    },
  };
}
