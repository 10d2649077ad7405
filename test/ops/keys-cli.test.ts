/**
 * `npm run keys -- generate|rotate|retire`: the sets it prints are what the runtime loads, the
 * signing key is never retired, and every refusal says why.
 */
import { execFile } from "node:child_process";
import { chmod, lstat, mkdtemp, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { loadSigningKeys } from "@gatehouse/core";
import { calculateJwkThumbprint, type JWK } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSet, KEYS_USAGE, type KeySet, runKeys } from "../../scripts/ops/keys-lib.js";

// The CLI runs from source, as `npm run keys` runs it (package.json).
const SOURCE = ["--conditions=@gatehouse/source"];

const PRIVATE_MEMBERS = ["d", "p", "q", "dp", "dq", "qi"];

const noStdin = () => Promise.reject(new Error("stdin must not be read"));
const stdinOf = (set: KeySet | string) => () =>
  Promise.resolve(typeof set === "string" ? set : JSON.stringify(set));

async function keys(
  argv: string[],
  stdin: () => Promise<string> = noStdin,
  options: Parameters<typeof runKeys>[2] = {},
) {
  const outcome = await runKeys(argv, stdin, options);
  return {
    ...outcome,
    set:
      outcome.exitCode === 0 && outcome.stdout !== ""
        ? (JSON.parse(outcome.stdout) as { keys: JWK[] })
        : undefined,
  };
}

function publicPart(jwk: JWK): JWK {
  return Object.fromEntries(
    Object.entries(jwk).filter(([member]) => !PRIVATE_MEMBERS.includes(member)),
  ) as JWK;
}

let current: KeySet;
let currentKid: string;

beforeAll(async () => {
  current = await generateSet("ES256");
  currentKid = String(current.keys[0]?.kid);
});

describe("keys generate", () => {
  it("prints a set of one RS256 private key whose kid is its RFC 7638 thumbprint", async () => {
    const { exitCode, set, stderr } = await keys(["generate"]);

    expect(exitCode).toBe(0);
    expect(stderr).toBe("");
    const [jwk] = set?.keys ?? [];
    expect(set?.keys).toHaveLength(1);
    expect(jwk).toMatchObject({ kty: "RSA", alg: "RS256", use: "sig", d: expect.any(String) });
    expect(jwk?.kid).toBe(await calculateJwkThumbprint(publicPart(jwk ?? {})));
    const loaded = await loadSigningKeys(JSON.stringify(set));
    expect(loaded.active.kid).toBe(jwk?.kid);
  });

  it.each([
    ["ES256", { kty: "EC", crv: "P-256" }],
    ["EdDSA", { kty: "OKP", crv: "Ed25519" }],
  ])("generates an %s key with --alg", async (alg, shape) => {
    const { set } = await keys(["generate", "--alg", alg]);

    expect(set?.keys[0]).toMatchObject({ ...shape, alg, use: "sig" });
    expect((await loadSigningKeys(JSON.stringify(set))).algorithms).toEqual([alg]);
  });

  it("refuses an algorithm the runtime does not sign with", async () => {
    const { exitCode, stdout, stderr } = await keys(["generate", "--alg", "HS256"]);

    expect(exitCode).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe("--alg must be one of RS256, ES256, EdDSA\n");
  });
});

describe("keys rotate", () => {
  it("puts a new signing key first and keeps every current key after it, unchanged", async () => {
    const { exitCode, set } = await keys(["rotate"], stdinOf(current));

    expect(exitCode).toBe(0);
    expect(set?.keys).toHaveLength(2);
    expect(set?.keys[0]).toMatchObject({ alg: "RS256", use: "sig" });
    expect(set?.keys[0]?.kid).not.toBe(currentKid);
    expect(set?.keys[1]).toEqual(current.keys[0]);
    const loaded = await loadSigningKeys(JSON.stringify(set));
    expect(loaded.active.kid).toBe(set?.keys[0]?.kid);
    expect(loaded.publicJwks.keys.map((key) => key.kid)).toEqual([set?.keys[0]?.kid, currentKid]);
  });

  it("refuses a current set the runtime would refuse, saying why", async () => {
    const empty = await keys(["rotate"], stdinOf('{"keys":[]}'));
    expect(empty.exitCode).toBe(1);
    expect(empty.stderr).toBe(
      'keys: Signing keys: expected a JWK Set with at least one key {"keys":[...]}.\n',
    );

    const notJson = await keys(["rotate"], stdinOf("sst secret list output"));
    expect(notJson.exitCode).toBe(1);
    expect(notJson.stderr).toContain("not valid JSON");
  });
});

describe("a set whose private and public halves do not match", () => {
  it.each([
    ["an RSA key whose n is another key's", "RS256", ["n"]],
    ["an EC key whose x and y are another key's", "ES256", ["x", "y"]],
  ] as const)("is refused by every command that reads it, for %s", async (_, alg, members) => {
    const [mine] = (await generateSet(alg)).keys;
    const [other] = (await generateSet(alg)).keys;
    const key: Record<string, unknown> = { ...mine };
    for (const member of members) key[member] = other?.[member];
    const set = { keys: [key] };

    for (const argv of [["rotate"], ["publish"], ["promote", "--kid", String(key.kid)]]) {
      const outcome = await keys(argv, stdinOf(set));
      expect(outcome, argv.join(" ")).toMatchObject({
        exitCode: 1,
        stdout: "",
        stderr: `keys: Signing keys: key 0 (kid ${key.kid}): its private part does not match its public part (a probe it signs does not verify); generate the key again.\n`,
      });
    }
  });
});

describe("keys publish and promote", () => {
  it("publish adds a new key after the signing key, which keeps signing", async () => {
    const { exitCode, set } = await keys(["publish", "--alg", "EdDSA"], stdinOf(current));

    expect(exitCode).toBe(0);
    expect(set?.keys).toHaveLength(2);
    expect(set?.keys[0]).toEqual(current.keys[0]);
    expect(set?.keys[1]).toMatchObject({ alg: "EdDSA", use: "sig", d: expect.any(String) });
    const loaded = await loadSigningKeys(JSON.stringify(set));
    expect(loaded.active.kid).toBe(currentKid);
    expect(loaded.publicJwks.keys.map((key) => key.kid)).toEqual([currentKid, set?.keys[1]?.kid]);
  });

  it("promote moves the named key first, so it signs, and keeps the others", async () => {
    const published = (await keys(["publish", "--alg", "ES256"], stdinOf(current))).set as KeySet;
    const next = String(published.keys[1]?.kid);

    const { exitCode, set } = await keys(["promote", "--kid", next], stdinOf(published));

    expect(exitCode).toBe(0);
    expect(set?.keys).toEqual([published.keys[1], published.keys[0]]);
    expect((await loadSigningKeys(JSON.stringify(set))).active.kid).toBe(next);
  });

  it("takes a kid that begins with a dash (one base64url thumbprint in 64 does)", async () => {
    let published: KeySet;
    let next: string;
    do {
      published = (await keys(["publish", "--alg", "EdDSA"], stdinOf(current))).set as KeySet;
      next = String(published.keys[1]?.kid);
    } while (!next.startsWith("-"));

    const promoted = await keys(["promote", "--kid", next], stdinOf(published));
    expect(promoted.exitCode).toBe(0);
    expect(promoted.set?.keys[0]?.kid).toBe(next);
    const retired = await keys(["retire", "--kid", currentKid], stdinOf(promoted.set as KeySet));
    expect(retired.set?.keys.map((key) => key.kid)).toEqual([next]);
    const ofNext = await keys(["retire", "--kid", next], stdinOf(published));
    expect(ofNext.set?.keys.map((key) => key.kid)).toEqual([currentKid]);
  });

  it("refuses to promote a key without its private part, or one not in the set", async () => {
    const { d: _, ...publicOnly } = (await generateSet("ES256")).keys[0] as JWK;
    const set = { keys: [...current.keys, publicOnly] };

    const noPrivate = await keys(["promote", "--kid", String(publicOnly.kid)], stdinOf(set));
    expect(noPrivate.exitCode).toBe(1);
    expect(noPrivate.stderr).toBe(
      `keys: key ${publicOnly.kid} has no private part; it cannot sign\n`,
    );
    const unknown = await keys(["promote", "--kid", "nope"], stdinOf(set));
    expect(unknown).toMatchObject({ exitCode: 1, stderr: "keys: no key has kid nope\n" });
    expect(await keys(["promote"], stdinOf(set))).toMatchObject({
      exitCode: 2,
      stderr: `promote needs --kid\n${KEYS_USAGE}\n`,
    });
  });
});

describe("keys retire", () => {
  let rotated: KeySet;

  beforeAll(async () => {
    const { stdout } = await runKeys(["rotate", "--alg", "EdDSA"], stdinOf(current));
    rotated = JSON.parse(stdout);
  });

  it("drops the named key and keeps the signing key first", async () => {
    const { exitCode, set } = await keys(["retire", "--kid", currentKid], stdinOf(rotated));

    expect(exitCode).toBe(0);
    expect(set?.keys).toEqual([rotated.keys[0]]);
  });

  it("refuses to retire the signing key", async () => {
    const signing = String(rotated.keys[0]?.kid);

    const { exitCode, stdout, stderr } = await keys(["retire", "--kid", signing], stdinOf(rotated));

    expect(exitCode).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      `keys: key ${signing} signs; rotate first, then retire it once its tokens expired\n`,
    );
  });

  it("refuses a kid that is not in the set", async () => {
    const { exitCode, stderr } = await keys(["retire", "--kid", "nope"], stdinOf(rotated));

    expect(exitCode).toBe(1);
    expect(stderr).toBe("keys: no key has kid nope\n");
  });

  it("needs --kid", async () => {
    const { exitCode, stderr } = await keys(["retire"], stdinOf(rotated));

    expect(exitCode).toBe(2);
    expect(stderr).toBe(`retire needs --kid\n${KEYS_USAGE}\n`);
  });
});

describe("the keys command", () => {
  it("prints its usage for an unknown command or option", async () => {
    expect(await keys(["list"])).toMatchObject({ exitCode: 2, stderr: `${KEYS_USAGE}\n` });
    const unknown = await keys(["generate", "--size", "4096"]);
    expect(unknown.exitCode).toBe(2);
    expect(unknown.stderr).toContain(KEYS_USAGE);
  });

  it("exits 1 from the shell when it refuses, with nothing on stdout", async () => {
    const run = promisify(execFile);
    const child = run(
      process.execPath,
      [...SOURCE, "--import", "tsx", "scripts/ops/keys.ts", "retire", "--kid", currentKid],
      { cwd: new URL("../..", import.meta.url) },
    );
    child.child.stdin?.end(JSON.stringify(current));

    await expect(child).rejects.toMatchObject({
      code: 1,
      stdout: "",
      stderr: expect.stringContaining(`keys: key ${currentKid} signs`),
    });
  });
});

describe("where the keys go", () => {
  let dir: string;
  const run = promisify(execFile);
  const modeOf = async (path: string) => (await stat(path)).mode & 0o777;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "gatehouse-keys-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("writes the set with --out to a new file readable by its owner only (0600)", async () => {
    const out = join(dir, "generated.json");

    const { exitCode, stdout, stderr } = await keys(["generate", "--alg", "ES256", "--out", out]);

    expect(exitCode).toBe(0);
    expect(stdout).toBe("");
    const written = JSON.parse(await readFile(out, "utf8")) as KeySet;
    expect(stderr).toBe(`keys: wrote ${out} (mode 0600); signing: ${written.keys[0]?.kid}\n`);
    expect(await modeOf(out)).toBe(0o600);
    expect((await loadSigningKeys(JSON.stringify(written))).active.kid).toBe(written.keys[0]?.kid);
  });

  it("names the signing key and the others when it writes a rotated set", async () => {
    const out = join(dir, "published.json");

    const { stderr } = await keys(["publish", "--alg", "ES256", "--out", out], stdinOf(current));

    const written = JSON.parse(await readFile(out, "utf8")) as KeySet;
    expect(stderr).toBe(
      `keys: wrote ${out} (mode 0600); signing: ${currentKid}; also verifying: ${written.keys[1]?.kid}\n`,
    );
  });

  it("refuses to replace an existing file unless --force, which leaves it 0600", async () => {
    const out = join(dir, "existing.json");
    await writeFile(out, "old contents\n", { mode: 0o644 });
    await chmod(out, 0o644);

    const refused = await keys(["generate", "--alg", "ES256", "--out", out]);
    expect(refused).toMatchObject({
      exitCode: 1,
      stdout: "",
      stderr: `keys: ${out} exists; add --force to replace it\n`,
    });
    expect(await readFile(out, "utf8")).toBe("old contents\n");

    const forced = await keys(["generate", "--alg", "ES256", "--out", out, "--force"]);
    expect(forced.exitCode).toBe(0);
    expect(await modeOf(out)).toBe(0o600);
    await loadSigningKeys(await readFile(out, "utf8"));
  });

  it("never writes the keys through a symlink at the --out path", async () => {
    const target = join(dir, "elsewhere.txt");
    const out = join(dir, "link.json");
    await writeFile(target, "not yours\n");
    await symlink(target, out);

    expect((await keys(["generate", "--alg", "ES256", "--out", out])).exitCode).toBe(1);
    expect((await keys(["generate", "--alg", "ES256", "--out", out, "--force"])).exitCode).toBe(0);

    expect(await readFile(target, "utf8")).toBe("not yours\n");
    expect((await lstat(out)).isSymbolicLink()).toBe(false);
    expect(await modeOf(out)).toBe(0o600);
  });

  it("refuses to print private keys to a terminal and says to use --out", async () => {
    for (const argv of [["generate"], ["rotate"], ["retire", "--kid", currentKid]]) {
      const outcome = await keys(argv, noStdin, { stdoutIsTerminal: true });
      expect(outcome, argv.join(" ")).toMatchObject({ exitCode: 2, stdout: "" });
      expect(outcome.stderr).toContain("not printed to a terminal: write it with --out FILE");
    }
    const out = join(dir, "from-a-terminal.json");
    const written = await keys(["generate", "--alg", "ES256", "--out", out], noStdin, {
      stdoutIsTerminal: true,
    });
    expect(written.exitCode).toBe(0);
  });

  it("takes --force only with --out", async () => {
    expect(await keys(["generate", "--force"])).toMatchObject({
      exitCode: 2,
      stderr: `--force goes with --out\n${KEYS_USAGE}\n`,
    });
  });

  it("writes the file 0600 from the shell, whatever the umask", async () => {
    const out = join(dir, "from-the-shell.json");

    const { stdout } = await run(
      "/bin/sh",
      [
        "-c",
        'umask 000 && exec "$0" --conditions=@gatehouse/source --import tsx scripts/ops/keys.ts generate --out "$1"',
        process.execPath,
        out,
      ],
      { cwd: new URL("../..", import.meta.url) },
    );

    expect(stdout).toBe("");
    expect(await modeOf(out)).toBe(0o600);
  });
});

describe("keys without a literal kid", () => {
  it("promotes and retires a key by the RFC 7638 thumbprint the JWKS publishes for it", async () => {
    const { kid: _, ...unnamed } = (await generateSet("ES256")).keys[0] as JWK;
    const thumbprint = await calculateJwkThumbprint(publicPart(unnamed));
    const set = { keys: [...current.keys, unnamed] };
    const published = await loadSigningKeys(JSON.stringify(set));
    expect(published.publicJwks.keys.map((key) => key.kid)).toEqual([currentKid, thumbprint]);

    const promoted = await keys(["promote", "--kid", thumbprint], stdinOf(set));
    expect(promoted.exitCode).toBe(0);
    expect(promoted.set?.keys).toEqual([unnamed, current.keys[0]]);
    expect((await loadSigningKeys(JSON.stringify(promoted.set))).active.kid).toBe(thumbprint);

    const retired = await keys(["retire", "--kid", thumbprint], stdinOf(set));
    expect(retired.exitCode).toBe(0);
    expect(retired.set?.keys).toEqual(current.keys);

    const signing = await keys(["retire", "--kid", thumbprint], stdinOf(promoted.set as KeySet));
    expect(signing).toMatchObject({
      exitCode: 1,
      stderr: `keys: key ${thumbprint} signs; rotate first, then retire it once its tokens expired\n`,
    });
  });
});
