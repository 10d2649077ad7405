import type { PendingTotp, SecondFactorStore, StoredTotp, UserId } from "@gatehouse/core";

/** The second-factor store in memory, as `memoryStores` composes it; `op` is its fault gate. */
export function memorySecondFactorStore(op: <T>(fn: () => T) => Promise<T>): SecondFactorStore {
  const pending = new Map<UserId, PendingTotp>();
  const totps = new Map<UserId, StoredTotp>();
  const recovery = new Map<UserId, Set<string>>();
  return {
    putPendingTotp: (userId, entry) =>
      op(() => {
        pending.set(userId, { ...entry });
      }),
    getPendingTotp: (userId, now) =>
      op(() => {
        const entry = pending.get(userId);
        return entry === undefined || entry.expiresAt <= now ? null : entry;
      }),
    removePendingTotp: (userId) =>
      op(() => {
        pending.delete(userId);
      }),
    activateTotp: (userId, totp) =>
      op(() => {
        const stored = totps.get(userId);
        if (stored !== undefined && stored.lastStep >= totp.lastStep) return false;
        totps.set(userId, { ...totp });
        return true;
      }),
    getTotp: (userId) => op(() => totps.get(userId) ?? null),
    acceptTotpStep: (userId, { sealedSecret, step }) =>
      op(() => {
        const stored = totps.get(userId);
        if (stored?.sealedSecret !== sealedSecret || stored.lastStep >= step) return false;
        totps.set(userId, { ...stored, lastStep: step });
        return true;
      }),
    removeTotp: (userId) =>
      op(() => {
        totps.delete(userId);
      }),
    replaceRecoveryCodes: (userId, hashes) =>
      op(() => {
        recovery.set(userId, new Set(hashes));
      }),
    useRecoveryCode: (userId, hash) => op(() => recovery.get(userId)?.delete(hash) ?? false),
    recoveryCodesLeft: (userId) => op(() => recovery.get(userId)?.size ?? 0),
    removeRecoveryCodes: (userId) =>
      op(() => {
        recovery.delete(userId);
      }),
  };
}
