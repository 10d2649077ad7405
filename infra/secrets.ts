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
