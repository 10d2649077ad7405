// Logging in with a passkey: a button (the browser's passkey prompt), the email field's
// autofill (conditional mediation: `autocomplete="username webauthn"`), and the second-factor
// step, where a passkey completes a password sign-in instead of a code: sent with the aal1
// token, `finishPasskeyLogin` ends that session and answers tokens at aal2.
import { call, callSignedIn, keep } from "./api.js";
import { byId, complain } from "./dom.js";
import { AUTH_FIELDS, type AuthData } from "./fields.js";
import { autofillSupported, passkeysSupported, usePasskey } from "./webauthn.js";

const BEGIN = "mutation BeginPasskeyLogin { beginPasskeyLogin }";
const FINISH = `mutation FinishPasskeyLogin($response: JSON!) {
  finishPasskeyLogin(response: $response) { ${AUTH_FIELDS} }
}`;

/** The autofill request waiting in the email field, if any. */
let waiting: { controller: AbortController; settled: Promise<void> } | null = null;

/**
 * Ends the autofill request: a browser serves one WebAuthn request at a time, and a signed-in
 * page offers no sign-in.
 */
export async function stopAutofill(): Promise<void> {
  const current = waiting;
  waiting = null;
  current?.controller.abort();
  await current?.settled;
}

/** Discoverable options: no email, the person picks the account with the passkey. */
const options = () => call<PublicKeyCredentialRequestOptionsJSON>(BEGIN, {}, "beginPasskeyLogin");

/**
 * Wires the passkey buttons; `done` runs with tokens that reach the account. Returns the
 * function that offers passkeys in the email field's autofill, for when the sign-in view shows.
 */
export function setUpPasskeySignIn(done: () => Promise<void>): () => void {
  const buttons = [
    byId<HTMLButtonElement>("passkey-login"),
    byId<HTMLButtonElement>("second-factor-passkey"),
  ];
  for (const button of buttons) button.hidden = !passkeysSupported();
  const run = (button: HTMLButtonElement, signIn: () => Promise<AuthData>) => {
    button.addEventListener("click", () => {
      button.disabled = true;
      stopAutofill()
        .then(signIn)
        .then(async (auth) => {
          keep(auth);
          await done();
        })
        .catch(complain)
        .finally(() => {
          button.disabled = false;
        });
    });
  };
  run(buttons[0] as HTMLButtonElement, async () =>
    call<AuthData>(FINISH, { response: await usePasskey(await options()) }, "finishPasskeyLogin"),
  );
  // With the aal1 bearer token: the same user's passkey completes that sign-in.
  run(buttons[1] as HTMLButtonElement, async () =>
    callSignedIn<AuthData>(
      FINISH,
      { response: await usePasskey(await options()) },
      "finishPasskeyLogin",
    ),
  );

  return () => {
    void (async () => {
      if (!(await autofillSupported())) return;
      await stopAutofill();
      const controller = new AbortController();
      const settled = (async () => {
        try {
          const response = await usePasskey(await options(), controller.signal);
          // Settled: no longer waiting, so that entering the account does not wait on itself.
          if (waiting?.controller === controller) waiting = null;
          keep(await call<AuthData>(FINISH, { response }, "finishPasskeyLogin"));
          await done();
        } catch (error) {
          if (!controller.signal.aborted) complain(error);
        }
      })();
      waiting = { controller, settled };
    })();
  };
}
