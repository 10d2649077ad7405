// What the browser tests need around the browser: Chromium from the system's packages, and a
// real `npm start` on a free port.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir } from "node:fs/promises";
import { closedPort } from "../support/cli.js";

/** Debian's Chromium: Playwright's own browser download cannot work here (NOTES.md). */
const CHROMIUM = "/usr/bin/chromium";

/** Where each step's screenshot goes; git-ignored, kept by CI (.ci/run). */
export const SCREENSHOTS = new URL("../../artifacts/browser/", import.meta.url);

const hasApt = () => {
  try {
    execFileSync("apt-get", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
};

/**
 * The Chromium binary, installed with apt when it is missing (as .ci/run does); null only
 * where there is neither Chromium nor apt, and the tests then say they are skipped and why.
 */
export function findChromium(): string | null {
  if (existsSync(CHROMIUM)) return CHROMIUM;
  if (!hasApt()) return null;
  execFileSync("apt-get", ["install", "-y", "-q", "chromium"], { stdio: "ignore" });
  return CHROMIUM;
}

/** A running `npm start`. */
export interface StartedServer {
  readonly origin: string;
  /** Everything it has printed so far (with GATEHOUSE_MAIL=console, the default, its mails). */
  output(): string;
  stop(): Promise<void>;
}

/**
 * Starts `npm start` as a developer would, with the data in memory and on a free port, and
 * waits for its "running" line. Its own process group, so stopping it stops tsx and node too.
 */
export async function startNpmStart(): Promise<StartedServer> {
  const port = await closedPort();
  // The developer's own Gatehouse variables (a PORT, an admin) must not change this server.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !/^(GATEHOUSE_|PORT$|DYNAMODB_)/.test(name)),
  );
  const child: ChildProcess = spawn("npm", ["start", "--silent"], {
    cwd: new URL("../..", import.meta.url),
    env: { ...env, PORT: String(port), GATEHOUSE_DATA_DIR: "memory" },
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const seen = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Gatehouse is running at")) resolve();
    };
    child.stdout?.on("data", seen);
    child.stderr?.on("data", seen);
    child.once("exit", (code) => reject(new Error(`npm start exited (${code}):\n${output}`)));
  });
  const stop = async () => {
    if (child.exitCode !== null || child.pid === undefined) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    process.kill(-child.pid, "SIGTERM");
    await exited;
  };
  return { origin: `http://localhost:${port}`, output: () => output, stop };
}

/**
 * The link of the last mail `printed` (the console transport's blocks) to `to` with `subject`,
 * or null while there is none.
 */
export function printedLink(printed: string, to: string, subject: string): string | null {
  const blocks = printed.split(/^-{72}$/m);
  const mail = blocks.findLast((block) => block.includes(`Mail to: ${to}\nSubject: ${subject}\n`));
  return mail === undefined
    ? null
    : (/https?:\/\/\S+#token=[A-Za-z0-9_-]+/.exec(mail)?.[0] ?? null);
}

/** Makes the screenshot folder. */
export async function screenshotFolder(): Promise<void> {
  await mkdir(SCREENSHOTS, { recursive: true });
}
