// The account's passkeys: listed with their names and last use, added (a passkey ceremony),
// removed. Both changes need a recent sign-in and end every other session (the API's rules);
// the API's answer says when one is owed. A user with a passkey whose session is still at
// aal1 (a password sign-in) is sent to the second-factor step.
import { ApiError, callSignedIn } from "./api.js";
import { byId, field, itemWithAction, onSubmit, say } from "./dom.js";
import { createPasskey } from "./webauthn.js";

interface PasskeyData {
  readonly id: string;
  readonly name: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
}

const LIST = "query Passkeys { passkeys { id name createdAt lastUsedAt } }";
const BEGIN = "mutation BeginPasskeyRegistration { beginPasskeyRegistration }";
const FINISH = `mutation FinishPasskeyRegistration($response: JSON!, $name: String) {
  finishPasskeyRegistration(response: $response, name: $name) { id }
}`;
const DELETE = "mutation DeletePasskey($id: ID!) { deletePasskey(id: $id) }";

const when = (iso: string) => new Date(iso).toLocaleString();

function passkeyItem(passkey: PasskeyData, reload: () => Promise<void>): HTMLLIElement {
  const text =
    `${passkey.name}: added ${when(passkey.createdAt)}, ` +
    (passkey.lastUsedAt === null ? "never used" : `last used ${when(passkey.lastUsedAt)}`);
  const label = { label: "Remove", ariaLabel: `Remove the passkey ${passkey.name}` };
  const item = itemWithAction(text, label, async () => {
    await callSignedIn<boolean>(DELETE, { id: passkey.id }, "deletePasskey");
    say("The passkey was removed. Your other sessions have ended.");
    await reload();
  });
  item.dataset.passkey = passkey.id;
  return item;
}

/**
 * Wires the add form and returns the function that lists the passkeys; `owed` runs instead
 * when the session must first finish signing in (MFA_REQUIRED).
 */
export function setUpPasskeys(owed: () => void): () => Promise<void> {
  const load = async (): Promise<void> => {
    try {
      const passkeys = await callSignedIn<PasskeyData[]>(LIST, {}, "passkeys");
      byId("passkeys").replaceChildren(...passkeys.map((passkey) => passkeyItem(passkey, load)));
    } catch (error) {
      if (error instanceof ApiError && error.code === "MFA_REQUIRED") return owed();
      throw error;
    }
  };
  const form = byId<HTMLFormElement>("passkey-form");
  onSubmit(form, async () => {
    const options = await callSignedIn<PublicKeyCredentialCreationOptionsJSON>(
      BEGIN,
      {},
      "beginPasskeyRegistration",
    );
    const name = field(form, "name").trim();
    const response = await createPasskey(options);
    await callSignedIn(
      FINISH,
      { response, ...(name === "" ? {} : { name }) },
      "finishPasskeyRegistration",
    );
    form.reset();
    say("Passkey added. Your other sessions have ended.");
    await load();
  });
  return load;
}
