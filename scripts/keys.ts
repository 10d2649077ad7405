// Signing key sets for `sst secret set SigningKeys`: generate, rotate, retire.
//
//   npm run -s keys -- generate [--alg RS256|ES256|EdDSA]     a new set with one key
//   npm run -s keys -- rotate [--alg ...] < current.json      the next key first; old ones verify only
//   npm run -s keys -- retire --kid KID < current.json        drops a key that no longer signs
//
// The first key of a set signs; every key verifies. Rotate, deploy, wait for the longest
// access-token lifetime, then retire the old key.
import { text } from "node:stream/consumers";
import { parseArgs } from "node:util";
import {
  generateSigningJwk,
  loadSigningKeys,
  SIGNING_ALGORITHMS,
  type SigningAlgorithm,
} from "@gatehouse/core";

const usage = "usage: keys generate|rotate|retire [--alg RS256|ES256|EdDSA] [--kid KID]";
const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { alg: { type: "string", default: "RS256" }, kid: { type: "string" } },
});
const [command] = positionals;
const alg = values.alg as SigningAlgorithm;
if (!(SIGNING_ALGORITHMS as readonly string[]).includes(alg)) {
  console.error(`--alg must be one of ${SIGNING_ALGORITHMS.join(", ")}`);
  process.exit(2);
}

async function currentSet(): Promise<{ keys: Record<string, unknown>[] }> {
  const source = await text(process.stdin);
  await loadSigningKeys(source); // fails with every problem listed
  return JSON.parse(source);
}

let result: { keys: unknown[] };
switch (command) {
  case "generate":
    result = { keys: [await generateSigningJwk(alg)] };
    break;
  case "rotate": {
    const set = await currentSet();
    result = { keys: [await generateSigningJwk(alg), ...set.keys] };
    break;
  }
  case "retire": {
    const set = await currentSet();
    if (values.kid === undefined) throw new TypeError("retire needs --kid");
    if (set.keys[0]?.kid === values.kid)
      throw new TypeError("the first key signs; rotate before retiring it");
    const keys = set.keys.filter((key) => key.kid !== values.kid);
    if (keys.length === set.keys.length) throw new TypeError(`no key has kid ${values.kid}`);
    result = { keys };
    break;
  }
  default:
    console.error(usage);
    process.exit(2);
}
await loadSigningKeys(JSON.stringify(result));
process.stdout.write(`${JSON.stringify(result)}\n`);
