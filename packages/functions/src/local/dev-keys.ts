import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { generateSigningJwk } from "@gatehouse/core";

/**
 * The local signing key set: read from `path`, or generated there on first start (readable by
 * the owner only) so that tokens survive restarts. Never used when deployed.
 */
export async function loadOrCreateDevKeys(
  path: string,
): Promise<{ keys: string; created: boolean }> {
  try {
    return { keys: await readFile(path, "utf8"), created: false };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  const keys = `${JSON.stringify({ keys: [await generateSigningJwk("RS256")] }, null, 2)}\n`;
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, keys, { mode: 0o600, flag: "wx" });
  return { keys, created: true };
}
