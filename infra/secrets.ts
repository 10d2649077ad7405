// A JWK Set of private signing keys; the first key signs, every key verifies. Set it for each
// stage before its first deploy:
//
//   npm run -s keys -- generate --out keys.json &&
//     npx sst secret set SigningKeys --stage <stage> < keys.json && rm keys.json
//
// (standard input, never an argument: a command line is visible to every local user)
//
// A linked secret rather than an environment variable: a few RSA private keys outgrow Lambda's
// 4 KB environment limit, and SST ships linked values encrypted in the bundle instead of in
// plain text. A new value reaches the function only with the next `sst deploy`.

/** The `SigningKeys` secret every Gatehouse function is linked to. */
export function createSigningKeys(): sst.Secret {
  return new sst.Secret("SigningKeys");
}

// The keys that encrypt TOTP secrets at rest (AES-256-GCM): `id:key` entries, comma-separated,
// each key 32 random bytes in base64url; the first encrypts, every one decrypts. Set it for
// each stage before its first deploy, straight from the generator into the secret:
//
//   node -e "console.log('k1:' + require('node:crypto').randomBytes(32).toString('base64url'))" |
//     npx sst secret set TotpKeys --stage <stage>
//
// To rotate, put a new entry first and keep the old ones until every stored secret was sealed
// again (re-enrolment) or is no longer needed. Losing every key makes every enrolled
// authenticator unusable: its owners need their recovery codes or an admin's reset.

/** The `TotpKeys` secret, linked to the API function only (the authorizers never use it). */
export function createTotpKeys(): sst.Secret {
  return new sst.Secret("TotpKeys");
}
