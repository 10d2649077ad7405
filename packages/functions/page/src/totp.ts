// Setting up an authenticator app (TOTP, RFC 6238) and the recovery codes it comes with. The
// QR code arrives as SVG text and is shown through an `img` with a `data:` URL: an image
// cannot run script, and the page's CSP allows `img-src data:` but no inline markup or style.
import { callSignedIn } from "./api.js";
import { byId, complain, field, onSubmit, say } from "./dom.js";
import type { FactorsData } from "./fields.js";

const BEGIN = "mutation BeginTotp { beginTotpEnrollment { secret qrSvg } }";
const CONFIRM = "mutation ConfirmTotp($code: String!) { confirmTotpEnrollment(code: $code) }";

/** Shows what is set up, and the button to set up the app when it is not. */
export function renderFactors(factors: FactorsData): void {
  byId("factors-state").textContent = factors.totp
    ? `Authenticator app: on. Recovery codes left: ${factors.recoveryCodesLeft}.`
    : "Authenticator app: off.";
  byId("totp-begin").hidden = factors.totp || !byId("totp-enrol").hidden;
}

function showRecoveryCodes(codes: readonly string[]): void {
  byId("recovery-code-list").replaceChildren(
    ...codes.map((code) => {
      const item = document.createElement("li");
      const text = document.createElement("code");
      text.textContent = code;
      item.append(text);
      return item;
    }),
  );
  byId("recovery-codes").hidden = false;
  byId("recovery-codes-title").focus();
}

/**
 * Wires enrolment. Confirming keeps this session at aal1 while the account now has a factor,
 * so once the codes are saved `stepUp` asks for the app's next code (verifySecondFactor).
 */
export function setUpTotp(stepUp: () => void): void {
  byId("totp-begin").addEventListener("click", () => {
    callSignedIn<{ secret: string; qrSvg: string }>(BEGIN, {}, "beginTotpEnrollment")
      .then((enrollment) => {
        const qr = byId<HTMLImageElement>("totp-qr");
        qr.src = `data:image/svg+xml;base64,${btoa(enrollment.qrSvg)}`;
        byId("totp-secret").textContent = enrollment.secret;
        byId("totp-enrol").hidden = false;
        byId("totp-begin").hidden = true;
        say("Scan the code, then type the code your app shows.");
      })
      .catch(complain);
  });
  const form = byId<HTMLFormElement>("totp-confirm-form");
  onSubmit(form, async () => {
    const codes = await callSignedIn<string[]>(
      CONFIRM,
      { code: field(form, "code").trim() },
      "confirmTotpEnrollment",
    );
    form.reset();
    byId("totp-enrol").hidden = true;
    byId("totp-secret").textContent = "";
    byId<HTMLImageElement>("totp-qr").removeAttribute("src");
    say("The authenticator app is on. Save your recovery codes.");
    showRecoveryCodes(codes);
  });
  byId("recovery-codes-done").addEventListener("click", () => {
    byId("recovery-code-list").replaceChildren();
    byId("recovery-codes").hidden = true;
    say("Enter your app's next code to finish signing in.");
    stepUp();
  });
}
