import { randomUUID } from "node:crypto";
import { type Email, storeUnavailable, type UserId, type UserRecord } from "@gatehouse/core";
import { dynamoStores } from "@gatehouse/core/dynamo";
import { beforeEach, describe, expect, it } from "vitest";
import { embeddedDynamo } from "../support/dynamo.js";

// UserStore.changeEmail on DynamoDB when the table fails between its writes (see
// core/src/dynamo/email-change.ts): whichever write fails, exactly one address finds the user,
// no address finds two, and the next attempt finishes the change or the address stays usable.

const T0 = Date.UTC(2026, 0, 1);
const MINUTE = 60_000;

// biome-ignore lint/suspicious/noExplicitAny: the document client's plain input, any command.
type Call = { readonly command: string; readonly input: any };
let breaks: ((call: Call) => boolean) | null = null;

const { newClient, freshTable } = embeddedDynamo();
const db = newClient();
db.middlewareStack.add(
  (next, context) => async (args) => {
    if (breaks?.({ command: context.commandName ?? "", input: args.input })) {
      throw storeUnavailable();
    }
    return next(args);
  },
  { step: "initialize", name: "injectFaults" },
);

const key = (call: Call) =>
  `${call.input.Key?.pk ?? call.input.Item?.pk}|${call.input.Key?.sk ?? call.input.Item?.sk}`;
const writesProfile = (marker: string) => (call: Call) =>
  call.command === "UpdateItemCommand" &&
  key(call).endsWith("|PROFILE") &&
  String(call.input.UpdateExpression).includes(marker);
const FAULTS: Record<string, (call: Call) => boolean> = {
  "the mark on the profile": writesProfile("pendingEmail = :email"),
  "the claim of the new address": (call) =>
    call.command === "PutItemCommand" && key(call).startsWith("EMAIL#"),
  "the commit": writesProfile("email = :email"),
  "the release of the old address": (call) =>
    call.command === "DeleteItemCommand" && key(call).startsWith("EMAIL#"),
};

let stores: ReturnType<typeof dynamoStores>;
beforeEach(async () => {
  breaks = null;
  stores = dynamoStores(db, await freshTable());
});

function newUser(): UserRecord {
  const id = randomUUID() as UserId;
  return {
    id,
    email: `${id.slice(0, 8)}@example.com` as Email,
    passwordHash: "hash",
    roles: ["USER"],
    createdAt: T0,
    accessNotBefore: 0,
    sessionsNotBefore: 0,
    credentialVersion: 0,
    keptSession: null,
    emailVerified: false,
    disabled: false,
    secondFactors: { totp: false, passkeys: 0 },
  };
}

/** Who each address finds: the user by exactly one of them. */
async function owners(...emails: string[]) {
  return Promise.all(emails.map(async (e) => (await stores.users.getByEmail(e as Email))?.id));
}

describe("an email change interrupted by a store failure", () => {
  it.each(Object.keys(FAULTS))(
    "leaves the user at exactly one address when %s fails, and the next attempt finishes",
    async (step) => {
      const user = newUser();
      await stores.users.create(user);
      const email = `new-${randomUUID().slice(0, 8)}@example.com` as Email;
      breaks = FAULTS[step] ?? null;

      const first = await stores.users
        .changeEmail(user.id, { from: 0, email, keepSession: null, now: T0 })
        .catch(() => "failed" as const);
      breaks = null;

      const found = (await owners(user.email, email)).filter((id) => id !== undefined);
      expect(found).toEqual([user.id]);
      const after = await stores.users.get(user.id);
      if (after?.email === email) {
        // The commit held: what is left (the old address's item) finds nobody and is free.
        expect(first).not.toBe("failed");
        const next = { ...newUser(), email: user.email };
        await stores.users.create(next);
        expect(await owners(user.email)).toEqual([next.id]);
        return;
      }
      expect(first).toBe("failed");
      expect(after).toEqual(user);
      const again = await stores.users.changeEmail(user.id, {
        from: 0,
        email,
        keepSession: null,
        now: T0 + 1000,
      });
      expect(again).toBe(true);
      expect(await owners(user.email, email)).toEqual([undefined, user.id]);
    },
  );

  it("lets another user take an address whose change died after its claim, once a minute has passed", async () => {
    const [stuck, other] = [newUser(), newUser()];
    for (const one of [stuck, other]) await stores.users.create(one);
    const email = `wanted-${randomUUID().slice(0, 8)}@example.com` as Email;
    // The commit fails, and so does the claim's release: the claim stays behind.
    breaks = (call) => FAULTS["the commit"]?.(call) || call.command === "DeleteItemCommand";
    await expect(
      stores.users.changeEmail(stuck.id, { from: 0, email, keepSession: null, now: T0 }),
    ).rejects.toThrow();
    breaks = null;
    const change = (now: number) =>
      stores.users.changeEmail(other.id, { from: 0, email, keepSession: null, now });

    // Young, it may belong to a change still in flight.
    await expect(change(T0 + 1000)).rejects.toMatchObject({ code: "EMAIL_TAKEN" });
    expect(await change(T0 + MINUTE + 1000)).toBe(true);

    expect(await owners(email, stuck.email)).toEqual([other.id, stuck.id]);
    // The stuck change can no longer commit: its mark was removed when the claim was taken.
    expect(
      await stores.users
        .changeEmail(stuck.id, { from: 0, email, keepSession: null, now: T0 + 2 * MINUTE })
        .catch((error: { code: string }) => error.code),
    ).toBe("EMAIL_TAKEN");
    expect((await stores.users.get(stuck.id))?.email).toBe(stuck.email);
  });
});
