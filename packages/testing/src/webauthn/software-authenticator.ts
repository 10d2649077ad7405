import {
  createPublicKey,
  generateKeyPairSync,
  type KeyObject,
  randomBytes,
  sign,
} from "node:crypto";
import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from "@gatehouse/core";
import {
  authenticatorData,
  b64url,
  clientData,
  coseKey,
  noneAttestation,
  signedData,
} from "./authenticator-data.js";

/** One credential the authenticator holds. */
export interface SoftwareCredential {
  /** base64url, as in the JSON responses. */
  readonly id: string;
  readonly rpId: string;
  /** The user handle the RP gave at registration (base64url); a resident key returns it. */
  readonly userHandle: string;
  readonly privateKey: KeyObject;
  /** The last counter signed. */
  counter: number;
}

/** Knobs that make a ceremony's response wrong in one way, for the negative cases. */
export interface CeremonyKnobs {
  /** The origin in the client data; default the authenticator's. */
  readonly origin?: string;
  /** The RP id whose hash goes into the authenticator data; default the options'. */
  readonly rpId?: string;
  /** The challenge in the client data; default the options'. */
  readonly challenge?: string;
  /** The client data's `type`; default `webauthn.create` / `webauthn.get`. */
  readonly type?: string;
  /** Default true. */
  readonly userPresent?: boolean;
  /** Default true. */
  readonly userVerified?: boolean;
  /** The signature counter to report; default: the credential's last plus one (0 at registration). */
  readonly counter?: number;
}

/** Knobs of a registration only. */
export interface RegistrationKnobs extends CeremonyKnobs {
  /** Register this credential (key and id) again instead of making one, as a cloned key would. */
  readonly credentialId?: string;
}

/** Knobs of an assertion only. */
export interface AssertionKnobs extends CeremonyKnobs {
  /** Sign with this credential, whatever the options allow. */
  readonly credentialId?: string;
  /** The user handle to return; null: none. Default: the credential's for a discoverable login. */
  readonly userHandle?: string | null;
  /** Put this credential id in the response instead of the signing one's. */
  readonly responseId?: string;
}

/** Options of a software authenticator. */
export interface SoftwareAuthenticatorOptions {
  /** The origin its "browser" runs on, e.g. `http://localhost:4000`. */
  readonly origin: string;
  /** Backup eligible and backed up (a synced, multi-device passkey); default true. */
  readonly synced?: boolean;
}

/** A WebAuthn authenticator in software, with the browser's part: it answers JSON options with JSON responses. */
export interface SoftwareAuthenticator {
  /** Every credential it made, oldest first. */
  readonly credentials: SoftwareCredential[];
  /** Makes a credential for `options` (attestation "none") and answers as `create()` would. */
  register(
    options: PublicKeyCredentialCreationOptionsJSON,
    knobs?: RegistrationKnobs,
  ): RegistrationResponseJSON;
  /** Signs `options`' challenge with an allowed credential (a resident one when none is listed). */
  login(
    options: PublicKeyCredentialRequestOptionsJSON,
    knobs?: AssertionKnobs,
  ): AuthenticationResponseJSON;
}

/** Builds a software authenticator with ES256 keys (WebAuthn §5.8.5: COSE alg -7). */
export function softwareAuthenticator(
  options: SoftwareAuthenticatorOptions,
): SoftwareAuthenticator {
  const synced = options.synced ?? true;
  const credentials: SoftwareCredential[] = [];
  const flags = (knobs: CeremonyKnobs) => ({
    userPresent: knobs.userPresent ?? true,
    userVerified: knobs.userVerified ?? true,
    backupEligible: synced,
    backedUp: synced,
  });

  function reused(id: string): SoftwareCredential {
    const found = credentials.find((credential) => credential.id === id);
    if (found === undefined) throw new Error("The software authenticator has no such credential");
    return found;
  }

  function choose(request: PublicKeyCredentialRequestOptionsJSON, knobs: AssertionKnobs) {
    const rpId = request.rpId ?? new URL(options.origin).hostname;
    const allowed = (request.allowCredentials ?? []).map((descriptor) => descriptor.id);
    if (knobs.credentialId !== undefined) return reused(knobs.credentialId);
    const found = credentials.find(
      (credential) =>
        credential.rpId === rpId && (allowed.length === 0 || allowed.includes(credential.id)),
    );
    if (found === undefined) throw new Error("The software authenticator has no such credential");
    return found;
  }

  return {
    credentials,

    register(creation, knobs = {}) {
      const excluded = new Set((creation.excludeCredentials ?? []).map((d) => d.id));
      if (credentials.some((credential) => excluded.has(credential.id))) {
        throw new Error("InvalidStateError: a credential of this authenticator is excluded");
      }
      const credential =
        knobs.credentialId === undefined ? newCredential() : reused(knobs.credentialId);
      function newCredential(): SoftwareCredential {
        const made: SoftwareCredential = {
          id: b64url(randomBytes(16)),
          rpId: creation.rp.id ?? new URL(options.origin).hostname,
          userHandle: creation.user.id,
          privateKey: generateKeyPairSync("ec", { namedCurve: "P-256" }).privateKey,
          counter: knobs.counter ?? 0,
        };
        credentials.push(made);
        return made;
      }
      const authData = authenticatorData(
        knobs.rpId ?? credential.rpId,
        flags(knobs),
        credential.counter,
        {
          credentialId: Buffer.from(credential.id, "base64url"),
          publicKey: coseKey(createPublicKey(credential.privateKey)),
        },
      );
      const json = clientData(
        knobs.type ?? "webauthn.create",
        knobs.challenge ?? creation.challenge,
        knobs.origin ?? options.origin,
      );
      return {
        id: credential.id,
        rawId: credential.id,
        type: "public-key",
        authenticatorAttachment: "platform",
        clientExtensionResults: {},
        response: {
          clientDataJSON: b64url(json),
          attestationObject: b64url(noneAttestation(authData)),
          transports: ["internal", "hybrid"],
        },
      };
    },

    login(request, knobs = {}) {
      const credential = choose(request, knobs);
      credential.counter = knobs.counter ?? credential.counter + 1;
      const authData = authenticatorData(
        knobs.rpId ?? credential.rpId,
        flags(knobs),
        credential.counter,
      );
      const json = clientData(
        knobs.type ?? "webauthn.get",
        knobs.challenge ?? request.challenge,
        knobs.origin ?? options.origin,
      );
      // ECDSA over SHA-256, DER-encoded, as WebAuthn §6.5.6 has ES256 signatures.
      const signature = sign("sha256", signedData(authData, json), credential.privateKey);
      // A resident key returns the user handle (§6.3.3); a login that listed credentials may not.
      const discoverable = (request.allowCredentials ?? []).length === 0;
      const userHandle =
        knobs.userHandle === undefined
          ? discoverable
            ? credential.userHandle
            : undefined
          : (knobs.userHandle ?? undefined);
      const id = knobs.responseId ?? credential.id;
      return {
        id,
        rawId: id,
        type: "public-key",
        authenticatorAttachment: "platform",
        clientExtensionResults: {},
        response: {
          clientDataJSON: b64url(json),
          authenticatorData: b64url(authData),
          signature: b64url(signature),
          ...(userHandle === undefined ? {} : { userHandle }),
        },
      };
    },
  };
}
