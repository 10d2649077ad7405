import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseTotpKeys } from "@gatehouse/core";
import { loadOrCreateTotpKeys } from "@gatehouse/functions/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

describe("the local TOTP keys (.gatehouse/totp-keys)", () => {
  let dir: string;
  const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "gatehouse-totp-keys-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("creates one 256-bit key 0600 in a new directory 0700 on first start, then reuses it", async () => {
    const path = join(dir, "fresh", ".gatehouse", "totp-keys");

    const { keys, created } = await loadOrCreateTotpKeys(path);

    expect(created).toBe(true);
    expect(await modeOf(path)).toBe(0o600);
    expect(await modeOf(join(dir, "fresh", ".gatehouse"))).toBe(0o700);
    expect(`${keys}\n`).toBe(await readFile(path, "utf8"));
    expect(parseTotpKeys(keys).sealing).toBe("local");
    expect(await loadOrCreateTotpKeys(path)).toEqual({ keys, created: false });
  });

  it("hands two processes starting at once the same keys", async () => {
    const path = join(dir, "racing", "totp-keys");

    const [first, second] = await Promise.all([
      loadOrCreateTotpKeys(path),
      loadOrCreateTotpKeys(path),
    ]);

    expect(first.keys).toBe(second.keys);
    expect([first.created, second.created].sort()).toEqual([false, true]);
    expect(await readdir(join(dir, "racing"))).toEqual(["totp-keys"]);
  });

  it("refuses to start with a key file others can read, saying to chmod 600 it", async () => {
    const path = join(dir, "open-totp-keys");
    await writeFile(path, "local:x\n");
    await chmod(path, 0o644);

    await expect(loadOrCreateTotpKeys(path)).rejects.toThrow(
      `the local TOTP keys ${path} are open to other users (mode 0644) and hold private keys: run \`chmod 600 ${path}\` (or delete the file to generate new keys) and start again`,
    );
    expect(await modeOf(path)).toBe(0o644);
  });
});
