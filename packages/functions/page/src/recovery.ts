// Mail the account asks for: a verification link, a reset link (signed out), and a link that
// confirms a new address. Each answer says what was sent, never whether an address has an
// account (the API answers alike for unknown addresses, and the page repeats it).
import { call, callSignedIn } from "./api.js";
import { byId, complain, field, onSubmit, say } from "./dom.js";

const REQUEST_VERIFICATION = "mutation RequestVerification { requestEmailVerification }";
const REQUEST_RESET =
  "mutation RequestReset($email: String!) { requestPasswordReset(email: $email) }";
const REQUEST_EMAIL_CHANGE = `mutation RequestEmailChange($newEmail: String!, $currentPassword: String!) {
  requestEmailChange(newEmail: $newEmail, currentPassword: $currentPassword)
}`;

/** Wires the verification button and the forgot-password and change-email forms. */
export function setUpRecovery(): void {
  const verification = byId<HTMLButtonElement>("send-verification");
  verification.addEventListener("click", () => {
    verification.disabled = true;
    callSignedIn<boolean>(REQUEST_VERIFICATION, {}, "requestEmailVerification")
      .then(() => say("A verification link is on its way to your address."), complain)
      .finally(() => {
        verification.disabled = false;
      });
  });
  const forgot = byId<HTMLFormElement>("forgot-form");
  onSubmit(forgot, async () => {
    await call<boolean>(REQUEST_RESET, { email: field(forgot, "email") }, "requestPasswordReset");
    forgot.reset();
    say("If an account uses this address, a reset link is on its way to it.");
  });
  const change = byId<HTMLFormElement>("change-email-form");
  onSubmit(change, async () => {
    const variables = {
      newEmail: field(change, "email"),
      currentPassword: field(change, "password"),
    };
    await callSignedIn<boolean>(REQUEST_EMAIL_CHANGE, variables, "requestEmailChange");
    change.reset();
    say("Open the link mailed to the new address to make the change.");
  });
}
