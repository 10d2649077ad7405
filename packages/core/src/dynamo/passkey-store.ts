import type { UserId } from "../ids.js";
import type { PasskeyRecord, PasskeyStore } from "../ports.js";
import { credentialKey, PASSKEY_PREFIX, passkeyKey, userPartition } from "./keys.js";
import type { Item, Table } from "./table.js";

function toPasskey(item: Item): PasskeyRecord {
  return {
    userId: item.userId as UserId,
    id: item.credentialId as string,
    publicKey: item.publicKey as string,
    counter: item.counter as number,
    transports: (item.transports as string[] | undefined) ?? [],
    deviceType: item.deviceType as PasskeyRecord["deviceType"],
    backedUp: item.backedUp === true,
    name: item.name as string,
    createdAt: item.createdAt as number,
    lastUsedAt: typeof item.lastUsedAt === "number" ? item.lastUsedAt : null,
  };
}

/**
 * Passkeys in their user's partition, each with a claim item keyed by credential id. The claim
 * is written first and conditionally, so a credential id has one owner; a passkey item
 * without its claim never exists for long (a failed add removes the claim it made).
 */
export function dynamoPasskeyStore(t: Table): PasskeyStore {
  return {
    async add(passkey) {
      const claimed = await t.putIf({
        Item: { ...credentialKey(passkey.id), userId: passkey.userId },
        ConditionExpression: "attribute_not_exists(pk)",
      });
      if (!claimed) return "taken";
      const { id, lastUsedAt, transports, ...rest } = passkey;
      try {
        await t.put({
          Item: {
            ...passkeyKey(passkey.userId, id),
            ...rest,
            credentialId: id,
            transports: [...transports],
            ...(lastUsedAt === null ? {} : { lastUsedAt }),
          },
        });
      } catch (error) {
        await t.delete({ Key: credentialKey(id) }).catch(() => undefined);
        throw error;
      }
      return "added";
    },

    async list(userId) {
      const passkeys: PasskeyRecord[] = [];
      let start: Record<string, unknown> | undefined;
      do {
        const page = await t.query({
          KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
          ExpressionAttributeValues: { ":pk": userPartition(userId), ":prefix": PASSKEY_PREFIX },
          ConsistentRead: true,
          ...(start === undefined ? {} : { ExclusiveStartKey: start }),
        });
        passkeys.push(...(page.Items ?? []).map(toPasskey));
        start = page.LastEvaluatedKey;
      } while (start !== undefined);
      return passkeys.sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
    },

    async get(userId, id) {
      const item = await t.get(passkeyKey(userId, id), true);
      return item === undefined ? null : toPasskey(item);
    },

    async ownerOf(id) {
      const item = await t.get(credentialKey(id), true);
      return item === undefined ? null : (item.userId as UserId);
    },

    async recordUse(userId, id, { from, to, now }) {
      const written = await t.updateIf({
        Key: passkeyKey(userId, id),
        UpdateExpression: "SET #counter = :to, lastUsedAt = :now",
        ConditionExpression: "attribute_exists(pk) AND #counter = :from",
        ExpressionAttributeNames: { "#counter": "counter" },
        ExpressionAttributeValues: { ":from": from, ":to": to, ":now": now },
      });
      return written !== null;
    },

    async remove(userId, id) {
      // The passkey first: once it is gone, no login can use it (a login reads it for the
      // key). A claim left behind by a failure in between points at nothing and lets nothing in.
      const removed = await t.deleteIf({
        Key: passkeyKey(userId, id),
        ConditionExpression: "attribute_exists(pk)",
      });
      if (removed === null) return false;
      await t.deleteIf({
        Key: credentialKey(id),
        ConditionExpression: "userId = :user",
        ExpressionAttributeValues: { ":user": userId },
      });
      return true;
    },
  };
}
