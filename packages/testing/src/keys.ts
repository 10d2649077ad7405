import { generateSigningJwk, type SigningAlgorithm } from "@gatehouse/core";

const cache = new Map<SigningAlgorithm, Promise<string>>();

/** A JWK Set (JSON) with one fresh private key; generated once per algorithm per test file. */
export function testSigningKeys(alg: SigningAlgorithm = "RS256"): Promise<string> {
  let keys = cache.get(alg);
  if (keys === undefined) {
    keys = generateSigningJwk(alg).then((jwk) => JSON.stringify({ keys: [jwk] }));
    cache.set(alg, keys);
  }
  return keys;
}
