import { randomUUID } from "node:crypto";
import { link, mkdir, open, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { generateSigningJwk, generateTotpKey } from "@gatehouse/core";

/** Permission bits for group and others: a file holding private keys has none of them. */
const GROUP_OR_OTHERS = 0o077;

/**
 * Reads the key file, refusing one that group or others can read or write. It is refused
 * rather than silently narrowed: while it was open to them, anyone could have copied the keys
 * and forged tokens, and only its owner can judge whether to keep the keys or make new ones.
 * Checked on the open file, so the mode read is the mode of the bytes read.
 */
async function readOwnerOnly(path: string, what = "signing keys"): Promise<string> {
  const handle = await open(path, "r");
  try {
    const mode = (await handle.stat()).mode & 0o777;
    if ((mode & GROUP_OR_OTHERS) !== 0) {
      throw new Error(
        `the local ${what} ${path} are open to other users (mode ${mode.toString(8).padStart(4, "0")}) and hold private keys: run \`chmod 600 ${path}\` (or delete the file to generate new keys) and start again`,
      );
    }
    return await handle.readFile("utf8");
  } finally {
    await handle.close();
  }
}

/**
 * The local signing key set: read from `path` (refused when group or others can read it), or
 * generated there on first start, the file 0600 in a directory created 0700, so that tokens
 * survive restarts. Never used when deployed.
 */
export async function loadOrCreateDevKeys(
  path: string,
): Promise<{ keys: string; created: boolean }> {
  return loadOrCreate(path, "signing keys", async () =>
    JSON.stringify({ keys: [await generateSigningJwk("RS256")] }, null, 2),
  );
}

/**
 * The local TOTP keys (`GATEHOUSE_TOTP_KEYS`'s form, one line), beside the signing keys and
 * under the same rules: generated on first start, 0600, refused when others can read them.
 * Deleting the file makes every locally enrolled authenticator unusable.
 */
export async function loadOrCreateTotpKeys(
  path: string,
): Promise<{ keys: string; created: boolean }> {
  const loaded = await loadOrCreate(path, "TOTP keys", async () => generateTotpKey("local"));
  return { ...loaded, keys: loaded.keys.trim() };
}

async function loadOrCreate(path: string, what: string, generate: () => Promise<string>) {
  try {
    return { keys: await readOwnerOnly(path, what), created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const keys = `${await generate()}\n`;
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  // Written whole under a name of its own, then linked into place: a process starting at the
  // same moment either finds no file or a complete one, and of two that generate, one wins.
  const staged = `${path}.${randomUUID()}`;
  await writeFile(staged, keys, { mode: 0o600, flag: "wx" });
  try {
    await link(staged, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    return { keys: await readOwnerOnly(path, what), created: false };
  } finally {
    await rm(staged, { force: true });
  }
  return { keys, created: true };
}
