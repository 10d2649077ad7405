// The logic of `npm run keys`, apart from stdin and stdout so tests can drive it.
import { parseArgs } from "node:util";
import {
  generateSigningJwk,
  loadSigningKeys,
  SIGNING_ALGORITHMS,
  type SigningAlgorithm,
} from "@gatehouse/core";

/** A JWK Set as stored in the `SigningKeys` secret: private keys, the first one signs. */
export interface KeySet {
  readonly keys: readonly Record<string, unknown>[];
}

/** A key set problem the operator can fix; the CLI prints its message and exits 1. */
export class KeysError extends Error {
  override readonly name = "KeysError";
}

/** Parses and checks a set (every problem listed), then returns it as stored. */
export async function readSet(source: string): Promise<KeySet> {
  try {
    await loadSigningKeys(source);
  } catch (error) {
    throw new KeysError(error instanceof Error ? error.message : String(error));
  }
  return JSON.parse(source) as KeySet;
}

/** A new set with one fresh key. */
export async function generateSet(alg: SigningAlgorithm = "RS256"): Promise<KeySet> {
  return { keys: [await generateSigningJwk(alg)] };
}

/** The next key first (it signs from the next deploy on); every current key stays to verify. */
export async function rotateSet(current: string, alg: SigningAlgorithm = "RS256"): Promise<KeySet> {
  const set = await readSet(current);
  return { keys: [await generateSigningJwk(alg), ...set.keys] };
}

/**
 * A new key after the signing key: published in the JWKS and accepted, but not signing yet,
 * so verifiers that cache the JWKS (API Gateway's JWT authorizer: up to two hours) learn it
 * before any token needs it.
 */
export async function publishKey(
  current: string,
  alg: SigningAlgorithm = "RS256",
): Promise<KeySet> {
  const set = await readSet(current);
  const [signing, ...rest] = set.keys;
  return { keys: [signing ?? {}, await generateSigningJwk(alg), ...rest] };
}

/** Key `kid` first, so it signs; the others stay to verify. Needs the key's private part. */
export async function promoteKey(current: string, kid: string): Promise<KeySet> {
  const set = await readSet(current);
  const key = set.keys.find((candidate) => candidate.kid === kid);
  if (key === undefined) throw new KeysError(`no key has kid ${kid}`);
  if (key.d === undefined) throw new KeysError(`key ${kid} has no private part; it cannot sign`);
  return { keys: [key, ...set.keys.filter((other) => other !== key)] };
}

/** The set without key `kid`; refuses the signing key and an unknown kid. */
export async function retireKey(current: string, kid: string): Promise<KeySet> {
  const set = await readSet(current);
  if (set.keys[0]?.kid === kid) {
    throw new KeysError(`key ${kid} signs; rotate first, then retire it once its tokens expired`);
  }
  const keys = set.keys.filter((key) => key.kid !== kid);
  if (keys.length === set.keys.length) throw new KeysError(`no key has kid ${kid}`);
  return { keys };
}

/** What a CLI run prints and how it exits. */
export interface KeysOutcome {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export const KEYS_USAGE =
  "usage: keys generate|rotate|publish|promote|retire [--alg RS256|ES256|EdDSA] [--kid KID]";

/** Runs `keys <argv>`; `stdin` is read only by the commands that take the current set. */
export async function runKeys(
  argv: readonly string[],
  stdin: () => Promise<string>,
): Promise<KeysOutcome> {
  const fail = (exitCode: number, message: string): KeysOutcome => ({
    exitCode,
    stdout: "",
    stderr: `${message}\n`,
  });
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    return fail(2, `${error instanceof Error ? error.message : String(error)}\n${KEYS_USAGE}`);
  }
  const { command, alg, kid } = parsed;
  if (!(SIGNING_ALGORITHMS as readonly string[]).includes(alg)) {
    return fail(2, `--alg must be one of ${SIGNING_ALGORITHMS.join(", ")}`);
  }
  const algorithm = alg as SigningAlgorithm;
  try {
    let result: KeySet;
    switch (command) {
      case "generate":
        result = await generateSet(algorithm);
        break;
      case "rotate":
        result = await rotateSet(await stdin(), algorithm);
        break;
      case "publish":
        result = await publishKey(await stdin(), algorithm);
        break;
      case "promote":
      case "retire":
        if (kid === undefined) return fail(2, `${command} needs --kid\n${KEYS_USAGE}`);
        result = await (command === "promote" ? promoteKey : retireKey)(await stdin(), kid);
        break;
      default:
        return fail(2, KEYS_USAGE);
    }
    // What is printed is exactly what the runtime will load, checked the same way.
    await readSet(JSON.stringify(result));
    return { exitCode: 0, stdout: `${JSON.stringify(result)}\n`, stderr: "" };
  } catch (error) {
    if (error instanceof KeysError) return fail(1, `keys: ${error.message}`);
    throw error;
  }
}

function parse(argv: readonly string[]) {
  // A kid is base64url and begins with "-" one time in 64, which parseArgs would take for an
  // option ("argument is ambiguous"): `--kid KID` is read as `--kid=KID` whatever KID is.
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const value = argv[i + 1];
    if (arg === "--kid" && value !== undefined) {
      args.push(`--kid=${value}`);
      i++;
    } else {
      args.push(arg);
    }
  }
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { alg: { type: "string", default: "RS256" }, kid: { type: "string" } },
  });
  return { command: positionals[0], alg: values.alg, kid: values.kid };
}
