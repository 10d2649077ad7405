import type { UserId } from "../ids.js";
import type { SecondFactorStore, StoredTotp } from "../ports.js";
import { pendingTotpKey, recoveryCodesKey, totpKey, ttlFor } from "./keys.js";
import type { Table } from "./table.js";

/**
 * Second-factor items on the user's partition, apart from the profile so that no
 * per-request read carries a sealed secret or a code hash. Each write is one conditional
 * single-item write: the store has no transactions to lean on.
 */
export function dynamoSecondFactorStore(t: Table): SecondFactorStore {
  return {
    async putPendingTotp(userId, { sealedSecret, expiresAt }) {
      await t.put({
        Item: { ...pendingTotpKey(userId), sealedSecret, expiresAt, ttl: ttlFor(expiresAt) },
      });
    },

    async getPendingTotp(userId, now) {
      const item = await t.get(pendingTotpKey(userId), true);
      // TTL deletion is late (or, on some engines, never): expiry is decided here.
      if (item === undefined || (item.expiresAt as number) <= now) return null;
      return { sealedSecret: item.sealedSecret as string, expiresAt: item.expiresAt as number };
    },

    async removePendingTotp(userId) {
      await t.delete({ Key: pendingTotpKey(userId) });
    },

    activateTotp: (userId, totp) =>
      t.putIf({
        Item: { ...totpKey(userId), ...totp },
        ConditionExpression: "attribute_not_exists(pk) OR lastStep < :step",
        ExpressionAttributeValues: { ":step": totp.lastStep },
      }),

    async getTotp(userId): Promise<StoredTotp | null> {
      const item = await t.get(totpKey(userId), true);
      if (item === undefined) return null;
      return {
        sealedSecret: item.sealedSecret as string,
        lastStep: item.lastStep as number,
        enabledAt: item.enabledAt as number,
      };
    },

    async acceptTotpStep(userId, { sealedSecret, step }) {
      // RFC 6238 §5.2: a verifier must not accept a code twice. The condition is the guard:
      // two requests that verified the same code race here, and only the first write holds.
      const written = await t.updateIf({
        Key: totpKey(userId),
        UpdateExpression: "SET lastStep = :step",
        ConditionExpression: "sealedSecret = :sealed AND lastStep < :step",
        ExpressionAttributeValues: { ":step": step, ":sealed": sealedSecret },
      });
      return written !== null;
    },

    async removeTotp(userId) {
      await t.delete({ Key: totpKey(userId) });
    },

    async replaceRecoveryCodes(userId, hashes) {
      // One put replaces the whole set: no moment has old and new codes both valid.
      await t.put({
        Item: { ...recoveryCodesKey(userId), codes: new Set(hashes), left: hashes.length },
      });
    },

    async useRecoveryCode(userId, hash) {
      const written = await t.updateIf({
        Key: recoveryCodesKey(userId),
        UpdateExpression: "DELETE codes :used SET #left = #left - :one",
        ConditionExpression: "contains(codes, :hash)",
        ExpressionAttributeNames: { "#left": "left" },
        ExpressionAttributeValues: { ":used": new Set([hash]), ":hash": hash, ":one": 1 },
      });
      return written !== null;
    },

    async recoveryCodesLeft(userId: UserId) {
      const item = await t.get(recoveryCodesKey(userId), true, {
        ProjectionExpression: "#left",
        ExpressionAttributeNames: { "#left": "left" },
      });
      return typeof item?.left === "number" ? item.left : 0;
    },

    async removeRecoveryCodes(userId) {
      await t.delete({ Key: recoveryCodesKey(userId) });
    },
  };
}
