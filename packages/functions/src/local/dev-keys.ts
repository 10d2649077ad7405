import { mkdir, open, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { generateSigningJwk } from "@gatehouse/core";

/** Permission bits for group and others: a file holding private keys has none of them. */
const GROUP_OR_OTHERS = 0o077;

/**
 * Reads the key file, refusing one that group or others can read or write. It is refused
 * rather than silently narrowed: while it was open to them, anyone could have copied the keys
 * and forged tokens, and only its owner can judge whether to keep the keys or make new ones.
 * Checked on the open file, so the mode read is the mode of the bytes read.
 */
async function readOwnerOnly(path: string): Promise<string> {
  const handle = await open(path, "r");
  try {
    const mode = (await handle.stat()).mode & 0o777;
    if ((mode & GROUP_OR_OTHERS) !== 0) {
      throw new Error(
        `the local signing keys ${path} are open to other users (mode ${mode.toString(8).padStart(4, "0")}) and hold private keys: run \`chmod 600 ${path}\` (or delete the file to generate new keys) and start again`,
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
  try {
    return { keys: await readOwnerOnly(path), created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const keys = `${JSON.stringify({ keys: [await generateSigningJwk("RS256")] }, null, 2)}\n`;
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeFile(path, keys, { mode: 0o600, flag: "wx" });
  return { keys, created: true };
}
