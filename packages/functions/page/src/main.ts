// The account page's entry: the link pages by path, otherwise sign-in and the account.

import { setUpAccount } from "./account.js";
import { forget, signedIn } from "./api.js";
import { byId, complain, say, show } from "./dom.js";
import { linkPageOf, openLinkPage } from "./links.js";
import { setUpPasskeySignIn, stopAutofill } from "./passkey-sign-in.js";
import { setUpPasskeys } from "./passkeys.js";
import { setUpRecovery } from "./recovery.js";
import { askForSecondFactor, setUpSecondFactor } from "./second-factor.js";
import { setUpSignIn } from "./sign-in.js";
import { setUpTotp } from "./totp.js";

function start(): void {
  const link = linkPageOf(location.pathname);
  if (link !== null) {
    openLinkPage(link);
    return;
  }
  let offerAutofill = () => {};
  const signedOut = () => {
    forget();
    show("signed-out");
    say("You are signed out.");
    offerAutofill();
  };
  const showAccount = setUpAccount(signedOut);
  // A session at aal1 of a user with a second factor finishes signing in first.
  const showPasskeys = setUpPasskeys(askForSecondFactor);
  const enter = async () => {
    say("");
    await stopAutofill();
    await showAccount();
    await showPasskeys();
    if (!signedIn()) signedOut();
  };
  const enterOrComplain = () =>
    enter().catch((error: unknown) => {
      // A session that ended elsewhere (another page's "End", a password reset) signs out.
      if (!signedIn()) signedOut();
      complain(error);
    });
  setUpSignIn(enterOrComplain);
  setUpSecondFactor(enterOrComplain);
  setUpRecovery();
  setUpTotp(askForSecondFactor);
  offerAutofill = setUpPasskeySignIn(enterOrComplain);
  byId("reload").addEventListener("click", enterOrComplain);
  show("signed-out");
  offerAutofill();
}

start();
