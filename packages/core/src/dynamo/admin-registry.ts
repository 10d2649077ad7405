import type { AdminRegistry } from "../ports.js";
import { ADMINS_KEY, usersIndexQuery } from "./keys.js";
import type { Item, Table } from "./table.js";

/**
 * The admin registry on one item: a string set of the ids that hold ADMIN. Every change is one
 * conditional write on it, so two admins demoting each other at once cannot both succeed: the
 * second removal finds one id left and fails its `size(admins) > :one` condition. (A set is
 * never stored empty: DynamoDB has no empty sets, and a missing one fails that condition too.)
 * v2's "last enabled ADMIN" is the same guard: disabling an admin removes it here first.
 */
export function dynamoAdminRegistry(t: Table): AdminRegistry {
  const read = () => t.get(ADMINS_KEY, true);

  // A table written before the registry has none: it is built once from the enabled users' roles,
  // and only if it is still missing (a concurrent builder or change wins; both are complete).
  async function ensureRegistry(): Promise<void> {
    if ((await read()) !== undefined) return;
    const admins = new Set<string>();
    let start: Item | undefined;
    do {
      const page = await t.query(usersIndexQuery(start));
      for (const item of page.Items ?? []) {
        const enabledAdmin =
          Array.isArray(item.roles) && item.roles.includes("ADMIN") && item.disabled !== true;
        if (enabledAdmin) admins.add(String(item.id));
      }
      start = page.LastEvaluatedKey;
    } while (start !== undefined);
    await t.putIf({
      Item: { ...ADMINS_KEY, ...(admins.size > 0 ? { admins } : {}) },
      ConditionExpression: "attribute_not_exists(pk)",
    });
  }

  return {
    async add(id) {
      await ensureRegistry();
      await t.update({
        Key: ADMINS_KEY,
        UpdateExpression: "ADD admins :id",
        ExpressionAttributeValues: { ":id": new Set([id]) },
      });
    },

    async remove(id) {
      await ensureRegistry();
      const removed = await t.updateIf({
        Key: ADMINS_KEY,
        UpdateExpression: "DELETE admins :id",
        ConditionExpression: "contains(admins, :member) AND size(admins) > :one",
        ExpressionAttributeValues: { ":id": new Set([id]), ":member": id, ":one": 1 },
      });
      if (removed !== null) return true;
      // Either `id` is the last one registered, or it is not registered at all (undercounted):
      // then removing its role takes nothing from the count, which must still be above zero.
      const admins = (await read())?.admins;
      return admins instanceof Set && admins.size > 0 && !admins.has(id);
    },
  };
}
