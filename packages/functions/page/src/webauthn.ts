// Passkey ceremonies in the browser. The API's options pass through the WebAuthn Level 3
// JSON helpers (`parseCreationOptionsFromJSON`, `parseRequestOptionsFromJSON`) and the
// credential goes back as `toJSON()`: no library, no base64url code of the page's own.
import { ApiError } from "./api.js";

/** Whether this browser can run the ceremonies from JSON (WebAuthn Level 3). */
export function passkeysSupported(): boolean {
  return (
    typeof PublicKeyCredential !== "undefined" &&
    typeof PublicKeyCredential.parseRequestOptionsFromJSON === "function"
  );
}

/** Whether the browser offers passkeys in the email field's autofill (conditional mediation). */
export async function autofillSupported(): Promise<boolean> {
  return passkeysSupported() && (await PublicKeyCredential.isConditionalMediationAvailable());
}

// A cancelled or timed-out prompt is NotAllowedError (WebAuthn §5.1.3, §5.1.4): say so plainly.
function explained(error: unknown): Error {
  if (error instanceof DOMException && error.name === "NotAllowedError") {
    return new ApiError("The passkey prompt was cancelled or timed out.", "CANCELLED");
  }
  if (error instanceof DOMException && error.name === "InvalidStateError") {
    return new ApiError("This device already holds a passkey for your account.", "EXISTS");
  }
  return error instanceof Error ? error : new Error(String(error));
}

function responseOf(credential: Credential | null): object {
  if (!(credential instanceof PublicKeyCredential)) {
    throw new ApiError("No passkey was given.", "CANCELLED");
  }
  return credential.toJSON() as object;
}

/** Makes a passkey for `options` (`beginPasskeyRegistration`'s) and answers its JSON response. */
export async function createPasskey(options: PublicKeyCredentialCreationOptionsJSON) {
  const publicKey = PublicKeyCredential.parseCreationOptionsFromJSON(options);
  return responseOf(
    await navigator.credentials.create({ publicKey }).catch((e) => Promise.reject(explained(e))),
  );
}

/**
 * Signs `options` (`beginPasskeyLogin`'s) with a passkey the person picks; `conditional`: from
 * the email field's autofill, until `signal` aborts it.
 */
export async function usePasskey(
  options: PublicKeyCredentialRequestOptionsJSON,
  conditional?: AbortSignal,
) {
  const publicKey = PublicKeyCredential.parseRequestOptionsFromJSON(options);
  const request: CredentialRequestOptions =
    conditional === undefined
      ? { publicKey }
      : { publicKey, mediation: "conditional", signal: conditional };
  return responseOf(
    await navigator.credentials.get(request).catch((e) => Promise.reject(explained(e))),
  );
}
