import { createHash, type KeyObject } from "node:crypto";
import { encode } from "cborg";

/** Authenticator data flags (WebAuthn Level 3 §6.1). */
export const FLAGS = {
  userPresent: 0x01,
  userVerified: 0x04,
  backupEligible: 0x08,
  backedUp: 0x10,
  attestedCredentialData: 0x40,
} as const;

/** The flags an authenticator sets, by name. */
export interface FlagValues {
  readonly userPresent: boolean;
  readonly userVerified: boolean;
  readonly backupEligible: boolean;
  readonly backedUp: boolean;
}

const sha256 = (data: Uint8Array | string) => createHash("sha256").update(data).digest();

/** Base64url without padding, as every WebAuthn JSON field is. */
export const b64url = (data: Uint8Array | string) => Buffer.from(data).toString("base64url");

/** The public key as a COSE_Key (RFC 9053 §7.1.1: EC2, P-256, ES256), CBOR-encoded. */
export function coseKey(publicKey: KeyObject): Uint8Array {
  const jwk = publicKey.export({ format: "jwk" });
  return encode(
    new Map<number, number | Uint8Array>([
      [1, 2], // kty: EC2
      [3, -7], // alg: ES256
      [-1, 1], // crv: P-256
      [-2, Buffer.from(jwk.x ?? "", "base64url")],
      [-3, Buffer.from(jwk.y ?? "", "base64url")],
    ]),
  );
}

/**
 * Authenticator data (WebAuthn §6.1): SHA-256 of the RP id, the flags, the signature counter
 * (big-endian), then, at registration, the attested credential data (AAGUID, credential id
 * length and id, COSE public key).
 */
export function authenticatorData(
  rpId: string,
  flags: FlagValues,
  counter: number,
  attested?: { readonly credentialId: Uint8Array; readonly publicKey: Uint8Array },
): Buffer {
  let bits = 0;
  if (flags.userPresent) bits |= FLAGS.userPresent;
  if (flags.userVerified) bits |= FLAGS.userVerified;
  if (flags.backupEligible) bits |= FLAGS.backupEligible;
  if (flags.backedUp) bits |= FLAGS.backedUp;
  if (attested !== undefined) bits |= FLAGS.attestedCredentialData;
  const head = Buffer.alloc(37);
  sha256(rpId).copy(head, 0);
  head.writeUInt8(bits, 32);
  head.writeUInt32BE(counter, 33);
  if (attested === undefined) return head;
  const length = Buffer.alloc(2);
  length.writeUInt16BE(attested.credentialId.length);
  // An all-zero AAGUID: "none" attestation says nothing about the make (WebAuthn §6.5.1).
  return Buffer.concat([head, Buffer.alloc(16), length, attested.credentialId, attested.publicKey]);
}

/** An attestation object of format "none" (WebAuthn §8.7): no statement, only the data. */
export function noneAttestation(authData: Uint8Array): Uint8Array {
  return encode({ fmt: "none", attStmt: {}, authData });
}

/** The client data a browser would send (WebAuthn §5.8.1), as bytes. */
export function clientData(type: string, challenge: string, origin: string): Buffer {
  return Buffer.from(JSON.stringify({ type, challenge, origin, crossOrigin: false }));
}

/** What an assertion signs: authenticator data followed by the client data's hash (§6.3.3). */
export function signedData(authData: Uint8Array, clientDataJSON: Uint8Array): Buffer {
  return Buffer.concat([authData, sha256(clientDataJSON)]);
}
