import { chmod, mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { Config } from "../config.js";
import { createRuntime, loadConfig, type Runtime } from "../runtime.js";
import { loadOrCreateDevKeys, loadOrCreateTotpKeys } from "./dev-keys.js";
import { type EmbeddedDynamo, ensureTable, startEmbeddedDynamo } from "./dynalite.js";
import type { LocalSettings } from "./settings.js";

const TABLE_NAME = "gatehouse-local";
const KEYS_PATH = ".gatehouse/signing-keys.json";
const TOTP_KEYS_PATH = ".gatehouse/totp-keys";
/** Where a running `npm start` says which endpoint its embedded DynamoDB listens on. */
const RUNNING_PATH = ".gatehouse/running.json";

/** The local runtime and what it started. */
export interface LocalRuntime {
  readonly runtime: Runtime;
  readonly config: Config;
  /** The environment `config` was read from, local values included (for a handler module). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Stops what this process started (not a server it merely joined). */
  close(): Promise<void>;
}

async function runningEndpoint(): Promise<string | undefined> {
  try {
    const { endpoint } = JSON.parse(await readFile(RUNNING_PATH, "utf8")) as { endpoint?: string };
    if (endpoint === undefined) return undefined;
    // A file left by a server that died is not an answer.
    await fetch(endpoint, { method: "POST", signal: AbortSignal.timeout(500) });
    return endpoint;
  } catch {
    return undefined;
  }
}

/**
 * Makes the data directory private: 0700, its files 0600 (they hold password hashes). An
 * existing directory from an earlier version, made under the default umask, is fixed too; the
 * umask makes the files the embedded store writes from now on private as well.
 */
async function prepareDataDir(dir: string): Promise<void> {
  process.umask(0o077);
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    await chmod(path, entry.isDirectory() ? 0o700 : 0o600);
  }
}

/**
 * Builds the runtime `npm start` and the admin CLI use locally: the embedded DynamoDB on the
 * data directory (or the one a running `npm start` already has open, since its files can have
 * only one owner), the table, and the development signing and TOTP keys.
 */
export async function startLocalRuntime(
  local: LocalSettings,
  options: { readonly joinRunning: boolean; readonly env?: NodeJS.ProcessEnv },
): Promise<LocalRuntime> {
  const env = options.env ?? process.env;
  let dynamo: EmbeddedDynamo | undefined;
  let endpoint =
    env.DYNAMODB_ENDPOINT || (options.joinRunning ? await runningEndpoint() : undefined);
  if (!endpoint) {
    if (local.dataDir !== null) await prepareDataDir(local.dataDir);
    dynamo = await startEmbeddedDynamo(local.dataDir ?? undefined);
    endpoint = dynamo.endpoint;
  }
  const tableName = env.GATEHOUSE_TABLE_NAME || TABLE_NAME;
  await ensureTable(endpoint, tableName);

  const signingKeys = env.GATEHOUSE_SIGNING_KEYS || (await loadOrCreateDevKeys(KEYS_PATH)).keys;
  const totpKeys = env.GATEHOUSE_TOTP_KEYS || (await loadOrCreateTotpKeys(TOTP_KEYS_PATH)).keys;
  const configEnv = {
    GATEHOUSE_ENV: "development",
    // Mail is printed to the terminal, so `npm start` needs no mail server.
    GATEHOUSE_MAIL: "console",
    GATEHOUSE_ISSUER: `http://localhost:${local.port}`,
    ...env,
    DYNAMODB_ENDPOINT: endpoint,
    GATEHOUSE_TABLE_NAME: tableName,
    GATEHOUSE_SIGNING_KEYS: signingKeys,
    GATEHOUSE_TOTP_KEYS: totpKeys,
  };
  const config = loadConfig(configEnv);
  const runtime = await createRuntime(config);
  return {
    runtime,
    config,
    env: configEnv,
    close: async () => {
      await dynamo?.close();
    },
  };
}

/** Tells other local tools (the admin CLI) where this server's DynamoDB listens. */
export async function announceRunning(endpoint: string): Promise<() => Promise<void>> {
  await writeFile(RUNNING_PATH, `${JSON.stringify({ endpoint, pid: process.pid })}\n`);
  return () => rm(RUNNING_PATH, { force: true });
}
