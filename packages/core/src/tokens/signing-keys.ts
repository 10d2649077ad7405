import {
  createPrivateKey,
  createPublicKey,
  type JsonWebKey,
  type KeyObject,
  sign,
  verify,
} from "node:crypto";
import {
  calculateJwkThumbprint,
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  type JSONWebKeySet,
  type JWK,
  type JWTVerifyGetKey,
} from "jose";

/** The signature algorithms Gatehouse can sign and verify with. */
export const SIGNING_ALGORITHMS = ["RS256", "ES256", "EdDSA"] as const;
/** One of `SIGNING_ALGORITHMS`. */
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

/** The key that signs new tokens. */
export interface ActiveSigningKey {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  readonly key: KeyObject;
}

/**
 * A loaded JWK Set: the first key signs, every key verifies. Older keys stay in the set for
 * verification until every token they signed has expired.
 */
export interface SigningKeySet {
  readonly active: ActiveSigningKey;
  /** The algorithms the set names; verification accepts no other. */
  readonly algorithms: readonly SigningAlgorithm[];
  /** The public parts only, as served at `/.well-known/jwks.json`. */
  readonly publicJwks: JSONWebKeySet;
  /** Picks a verification key by `kid` and `alg` from the set, never from the token. */
  readonly verificationKey: JWTVerifyGetKey;
}

const KEY_TYPES: Record<SigningAlgorithm, (jwk: JWK) => boolean> = {
  RS256: (jwk) => jwk.kty === "RSA",
  ES256: (jwk) => jwk.kty === "EC" && jwk.crv === "P-256",
  EdDSA: (jwk) => jwk.kty === "OKP" && jwk.crv === "Ed25519",
};

function isSigningAlgorithm(value: unknown): value is SigningAlgorithm {
  return (SIGNING_ALGORITHMS as readonly unknown[]).includes(value);
}

function publicPart(jwk: JWK): JWK {
  const keyObject =
    jwk.d === undefined
      ? createPublicKey({ key: jwk as JsonWebKey, format: "jwk" })
      : createPublicKey(createPrivateKey({ key: jwk as JsonWebKey, format: "jwk" }));
  return keyObject.export({ format: "jwk" }) as JWK;
}

const MIN_RSA_MODULUS_BITS = 2048;

function rsaModulusBits(publicJwk: JWK): number {
  const key = createPublicKey({ key: publicJwk as JsonWebKey, format: "jwk" });
  return key.asymmetricKeyDetails?.modulusLength ?? 0;
}

const PROBE = Buffer.from("gatehouse signing key probe");

/**
 * True when a signature made with the private members of `jwk` verifies with the public key
 * we would publish for it. A JWK carries both halves side by side and nothing makes them
 * agree: an RSA `n` or an EC `x`/`y` copied from another key loads, then every token it signs
 * fails verification (RFC 7517 §4 leaves consistency to the producer).
 */
function halvesMatch(jwk: JWK, publicJwk: JWK): boolean {
  // Ed25519 signs the message itself; RS256 and ES256 sign its SHA-256 digest.
  const digest = jwk.alg === "EdDSA" ? null : "sha256";
  try {
    const privateKey = createPrivateKey({ key: jwk as JsonWebKey, format: "jwk" });
    const publicKey = createPublicKey({ key: publicJwk as JsonWebKey, format: "jwk" });
    return verify(digest, PROBE, publicKey, sign(digest, PROBE, privateKey));
  } catch {
    return false;
  }
}

/**
 * Parses and checks a JWK Set (JSON text or object), signing and verifying a probe with each
 * private key. Fails with one `TypeError` listing every problem, so a misconfiguration stops
 * a cold start instead of failing requests.
 */
export async function loadSigningKeys(source: string | JSONWebKeySet): Promise<SigningKeySet> {
  let set: unknown = source;
  if (typeof source === "string") {
    try {
      set = JSON.parse(source);
    } catch {
      throw new TypeError('Signing keys: not valid JSON; expected a JWK Set {"keys":[...]}.');
    }
  }
  const keys = (set as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0) {
    throw new TypeError('Signing keys: expected a JWK Set with at least one key {"keys":[...]}.');
  }

  const problems: string[] = [];
  const publicKeys: JWK[] = [];
  const kids = new Set<string>();
  let active: ActiveSigningKey | undefined;

  for (const [index, entry] of keys.entries()) {
    const jwk = entry as JWK;
    const problemsBefore = problems.length;
    const where = `key ${index}${typeof jwk?.kid === "string" ? ` (kid ${jwk.kid})` : ""}`;
    if (typeof jwk !== "object" || jwk === null) {
      problems.push(`${where}: not a JWK object`);
      continue;
    }
    if (!isSigningAlgorithm(jwk.alg)) {
      problems.push(`${where}: "alg" must be one of ${SIGNING_ALGORITHMS.join(", ")}`);
      continue;
    }
    if (!KEY_TYPES[jwk.alg](jwk)) {
      problems.push(`${where}: key type does not fit alg ${jwk.alg}`);
      continue;
    }
    if (jwk.use !== undefined && jwk.use !== "sig") problems.push(`${where}: "use" must be "sig"`);
    if (index === 0 && jwk.d === undefined) {
      problems.push(`${where}: the first key signs, so it must include its private part`);
    }
    let publicJwk: JWK;
    try {
      publicJwk = publicPart(jwk);
    } catch {
      problems.push(`${where}: not a valid ${jwk.alg} key`);
      continue;
    }
    // RFC 7518 §3.3: RSA keys of 2048 bits or more. jose refuses shorter ones when signing
    // and verifying, so accepting one here would only move the failure into every request.
    if (jwk.alg === "RS256" && rsaModulusBits(publicJwk) < MIN_RSA_MODULUS_BITS) {
      problems.push(`${where}: RS256 keys need a modulus of at least ${MIN_RSA_MODULUS_BITS} bits`);
    }
    if (jwk.d !== undefined && !halvesMatch(jwk, publicJwk)) {
      problems.push(
        `${where}: its private part does not match its public part (a probe it signs does not verify); generate the key again`,
      );
    }
    const kid = typeof jwk.kid === "string" ? jwk.kid : await calculateJwkThumbprint(publicJwk);
    if (kids.has(kid)) problems.push(`${where}: duplicate kid`);
    kids.add(kid);
    publicKeys.push({ ...publicJwk, kid, alg: jwk.alg, use: "sig" });
    if (index === 0 && problems.length === problemsBefore) {
      active = {
        kid,
        alg: jwk.alg,
        key: createPrivateKey({ key: jwk as JsonWebKey, format: "jwk" }),
      };
    }
  }

  if (problems.length > 0 || active === undefined) {
    throw new TypeError(`Signing keys: ${problems.join("; ")}.`);
  }
  const publicJwks: JSONWebKeySet = { keys: publicKeys };
  return {
    active,
    algorithms: [...new Set(publicKeys.map((jwk) => jwk.alg as SigningAlgorithm))],
    publicJwks,
    verificationKey: createLocalJWKSet(publicJwks),
  };
}

/** Generates a private signing JWK with `kid` (its RFC 7638 thumbprint), `alg` and `use`. */
export async function generateSigningJwk(alg: SigningAlgorithm = "RS256"): Promise<JWK> {
  const { privateKey, publicKey } = await generateKeyPair(alg, {
    extractable: true,
    ...(alg === "RS256" ? { modulusLength: 2048 } : {}),
  });
  const privateJwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(await exportJWK(publicKey));
  return { ...privateJwk, kid, alg, use: "sig" };
}
