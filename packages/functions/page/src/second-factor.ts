// The second-factor step of a sign-in: a login at aal1 by a user with a second factor answers
// `secondFactorRequired: true`, and the page asks for a TOTP or recovery code, posted to
// `verifySecondFactor`, which ends the aal1 session and starts one at aal2. The same step
// follows a TOTP enrolment, whose session stays at aal1 (totp.ts).
import { callSignedIn, keep } from "./api.js";
import { byId, field, onSubmit, show } from "./dom.js";
import { AUTH_FIELDS, type AuthData } from "./fields.js";

const VERIFY = `mutation VerifySecondFactor($code: String!) {
  verifySecondFactor(code: $code) { ${AUTH_FIELDS} }
}`;

/** Whether a sign-in's tokens still need the second step. */
export const needsSecondFactor = (auth: AuthData): boolean => auth.secondFactorRequired === true;

/** Wires the code form; `done` runs with the aal2 tokens. */
export function setUpSecondFactor(done: () => Promise<void>): void {
  const form = byId<HTMLFormElement>("second-factor-form");
  onSubmit(form, async () => {
    keep(
      await callSignedIn<AuthData>(
        VERIFY,
        { code: field(form, "code").trim() },
        "verifySecondFactor",
      ),
    );
    form.reset();
    await done();
  });
}

/** Shows the second step. */
export function askForSecondFactor(): void {
  show("second-factor");
}
