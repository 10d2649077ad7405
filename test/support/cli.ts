import { execFile } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { promisify } from "node:util";

/** What a script run from the shell left behind. */
export interface ScriptRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs a TypeScript script as `npm run` does (through tsx, from the repository root, stdin a
 * pipe rather than a terminal), with `env` on top of this process's environment less the
 * variables that say where Gatehouse runs or which password to use.
 */
export async function runScript(
  script: string,
  args: readonly string[],
  env: Readonly<Record<string, string>> = {},
): Promise<ScriptRun> {
  const {
    GATEHOUSE_URL: _url,
    GATEHOUSE_PASSWORD: _password,
    PORT: _port,
    ...inherited
  } = process.env;
  try {
    const { stdout, stderr } = await promisify(execFile)(
      process.execPath,
      ["--conditions=@gatehouse/source", "--import", "tsx", script, ...args],
      { cwd: new URL("../..", import.meta.url), env: { ...inherited, ...env } },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as ScriptRun;
    return { code, stdout, stderr };
  }
}

/** A port nothing listens on: bound by the OS, then released. */
export async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}
