// Signing key sets for `sst secret set SigningKeys`.
//
//   npm run -s keys -- generate [--alg RS256|ES256|EdDSA]     a new set with one key
//   npm run -s keys -- rotate [--alg ...] < current.json      a new key first: it signs, old ones verify
//   npm run -s keys -- publish [--alg ...] < current.json     a new key second: it verifies, not signs yet
//   npm run -s keys -- promote --kid KID < current.json       that key first: it signs
//   npm run -s keys -- retire --kid KID < current.json        drops a key that no longer signs
//
// Every command prints the new set on stdout (never to a terminal: pipe it) or, with
// `--out FILE`, writes it to a new file readable by its owner only (`--force` replaces one).
// The first key of a set signs; every key verifies and is published in the JWKS. Rotation, in
// the README: publish, deploy, wait out verifiers' JWKS caches, promote, deploy, wait for the
// longest access-token lifetime, retire. The logic is in keys-lib.ts.
import { text } from "node:stream/consumers";
import { runKeys } from "./keys-lib.js";

const outcome = await runKeys(process.argv.slice(2), () => text(process.stdin), {
  stdoutIsTerminal: process.stdout.isTTY === true,
});
process.stdout.write(outcome.stdout);
process.stderr.write(outcome.stderr);
process.exitCode = outcome.exitCode;
