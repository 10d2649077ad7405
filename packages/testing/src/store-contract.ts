import type { Stores } from "@gatehouse/core";
import { beforeEach, describe } from "vitest";
import { describeAdminRegistryContract } from "./store-contract/admins.js";
import { describeEmailChangeContract } from "./store-contract/email-change.js";
import { describeLinkTokenContract } from "./store-contract/link-tokens.js";
import { describeLoginAttemptsContract } from "./store-contract/login-attempts.js";
import { describePasskeyContract } from "./store-contract/passkeys.js";
import { describeRevocationContract } from "./store-contract/revocations.js";
import { describeSecondFactorContract } from "./store-contract/second-factors.js";
import { describeSessionStoreContract } from "./store-contract/sessions.js";
import { describeUserStoreContract } from "./store-contract/users.js";

/**
 * The one contract every implementation of the store ports meets. Both the in-memory stores
 * and the DynamoDB adapter run it, so the fake the unit tests rely on cannot drift from the
 * store that ships. `makeStores` runs before every test and must return empty stores.
 */
export function describeStoreContract(
  name: string,
  makeStores: () => Promise<Stores> | Stores,
): void {
  describe(`${name} store contract`, () => {
    let current: Stores | undefined;
    beforeEach(async () => {
      current = await makeStores();
    });
    const stores = () => {
      if (current === undefined) throw new Error("The store contract runs inside its tests");
      return current;
    };

    describeUserStoreContract(stores);
    describeEmailChangeContract(stores);
    describeSessionStoreContract(stores);
    describeRevocationContract(stores);
    describeLoginAttemptsContract(stores);
    describeAdminRegistryContract(stores);
    describeLinkTokenContract(stores);
    describeSecondFactorContract(stores);
    describePasskeyContract(stores);
  });
}
