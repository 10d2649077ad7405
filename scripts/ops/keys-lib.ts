// The logic of `npm run keys`, apart from stdin and stdout so tests can drive it.
import { randomBytes } from "node:crypto";
import { open, rename, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
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

/** A set as stored, with each key's kid as the runtime and the JWKS name it, in order. */
interface ReadSet extends KeySet {
  readonly kids: readonly string[];
}

/** Parses and checks a set (every problem listed), then returns it as stored. */
export async function readSet(source: string): Promise<ReadSet> {
  let kids: string[];
  try {
    kids = (await loadSigningKeys(source)).publicJwks.keys.map((key) => String(key.kid));
  } catch (error) {
    throw new KeysError(error instanceof Error ? error.message : String(error));
  }
  return { keys: (JSON.parse(source) as KeySet).keys, kids };
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

/**
 * The key named `kid` as the JWKS names it: its own `kid`, or for a key without one, the
 * RFC 7638 thumbprint the runtime gives it. Fails for a kid not in the set.
 */
function keyNamed(set: ReadSet, kid: string): Record<string, unknown> {
  const key = set.keys[set.kids.indexOf(kid)];
  if (key === undefined) throw new KeysError(`no key has kid ${kid}`);
  return key;
}

/** Key `kid` first, so it signs; the others stay to verify. Needs the key's private part. */
export async function promoteKey(current: string, kid: string): Promise<KeySet> {
  const set = await readSet(current);
  const key = keyNamed(set, kid);
  if (key.d === undefined) throw new KeysError(`key ${kid} has no private part; it cannot sign`);
  return { keys: [key, ...set.keys.filter((other) => other !== key)] };
}

/** The set without key `kid`; refuses the signing key and an unknown kid. */
export async function retireKey(current: string, kid: string): Promise<KeySet> {
  const set = await readSet(current);
  const key = keyNamed(set, kid);
  if (key === set.keys[0]) {
    throw new KeysError(`key ${kid} signs; rotate first, then retire it once its tokens expired`);
  }
  return { keys: set.keys.filter((other) => other !== key) };
}

/** What a CLI run prints and how it exits. */
export interface KeysOutcome {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

export const KEYS_USAGE =
  "usage: keys generate|rotate|publish|promote|retire [--alg RS256|ES256|EdDSA] [--kid KID] [--out FILE [--force]]";

/** Where the CLI's standard output goes. */
export interface KeysOptions {
  /** True when stdout is a terminal: private keys are then never printed. */
  readonly stdoutIsTerminal?: boolean;
}

const TERMINAL_REFUSAL =
  "keys: the set holds private keys, so it is not printed to a terminal: write it with --out FILE (created readable by you only), or pipe it (npm run -s keys -- generate | npx sst secret set SigningKeys)";

async function writeNew(path: string, text: string): Promise<void> {
  // O_CREAT | O_EXCL with mode 0600: the file never exists with wider permissions, and an
  // existing file (or a symlink planted in its place) is never written through.
  const handle = await open(path, "wx", 0o600);
  try {
    // The umask can only narrow the mode; make it exactly 0600 before any key is written.
    await handle.chmod(0o600);
    await handle.writeFile(text);
  } catch (error) {
    await handle.close();
    await unlink(path).catch(() => {});
    throw error;
  }
  await handle.close();
}

/**
 * Writes `text` to `path`, readable and writable by its owner only (0600) from the start.
 * Refuses an existing file unless `force`; then a new file replaces it by rename, so the
 * old file's mode (or a symlink at `path`) never applies to the new keys.
 */
export async function writePrivateFile(path: string, text: string, force: boolean): Promise<void> {
  try {
    if (!force) return await writeNew(path, text);
    const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString("hex")}`);
    await writeNew(temporary, text);
    await rename(temporary, path).catch(async (error: unknown) => {
      await unlink(temporary).catch(() => {});
      throw error;
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") throw new KeysError(`${path} exists; add --force to replace it`);
    throw new KeysError(`cannot write ${path} (${code ?? "unknown error"})`);
  }
}

/** Runs `keys <argv>`; `stdin` is read only by the commands that take the current set. */
export async function runKeys(
  argv: readonly string[],
  stdin: () => Promise<string>,
  options: KeysOptions = {},
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
  const { command, alg, kid, out, force } = parsed;
  if (!(SIGNING_ALGORITHMS as readonly string[]).includes(alg)) {
    return fail(2, `--alg must be one of ${SIGNING_ALGORITHMS.join(", ")}`);
  }
  if (force && out === undefined) return fail(2, `--force goes with --out\n${KEYS_USAGE}`);
  // Anyone who can see the screen, the scrollback or a terminal log would hold the keys.
  if (out === undefined && options.stdoutIsTerminal === true) return fail(2, TERMINAL_REFUSAL);
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
    // What is written is exactly what the runtime will load, checked the same way.
    const text = `${JSON.stringify(result)}\n`;
    const { kids } = await readSet(text);
    if (out === undefined) return { exitCode: 0, stdout: text, stderr: "" };
    await writePrivateFile(out, text, force);
    const [signing, ...others] = kids;
    const verifying = others.length === 0 ? "" : `; also verifying: ${others.join(", ")}`;
    return {
      exitCode: 0,
      stdout: "",
      stderr: `keys: wrote ${out} (mode 0600); signing: ${signing}${verifying}\n`,
    };
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
    options: {
      alg: { type: "string", default: "RS256" },
      kid: { type: "string" },
      out: { type: "string" },
      force: { type: "boolean", default: false },
    },
  });
  return {
    command: positionals[0],
    alg: values.alg,
    kid: values.kid,
    out: values.out,
    force: values.force,
  };
}
