import {
  type AuthHooks,
  type AuthServices,
  argon2idHasher,
  type Clock,
  createAuthServices,
  loadSigningKeys,
  type Mail,
  type PasswordHasher,
  parseTotpKeys,
  type Random,
  type SigningKeySet,
  type Stores,
  systemClock,
  systemRandom,
} from "@gatehouse/core";
import { createDocumentClient, dynamoStores, isTableReachable } from "@gatehouse/core/dynamo";
import { consoleMail, sesMail, smtpMail } from "@gatehouse/core/mail";
import { Resource } from "sst";
import { type Config, type LinkedValues, parseConfig } from "./config.js";
import { createTelemetry, type Telemetry } from "./observability/telemetry.js";

/**
 * Gatehouse's table, for a team's own items beside Gatehouse's (under a key prefix of their
 * own): the document client Gatehouse's stores use, so a container keeps one connection pool.
 */
export interface GatehouseTable {
  readonly client: ReturnType<typeof createDocumentClient>;
  readonly name: string;
}

/** Everything a handler needs, built once per container. */
export interface Runtime {
  readonly config: Config;
  readonly keys: SigningKeySet;
  readonly services: AuthServices;
  /** The table and its client (also when tests replace the stores: the client is lazy). */
  readonly table: GatehouseTable;
  readonly telemetry: Telemetry;
  /** The services' clock, for handlers that reason about time themselves (authorizer TTLs). */
  readonly clock: Clock;
  /** True when the table answers. */
  readonly isHealthy: () => Promise<boolean>;
  /** The services' mail transport: the team's `mail` hook, or the one `GATEHOUSE_MAIL` names. */
  readonly mail: Mail;
}

/** Replacements for tests: memory stores, a fixed clock, cheap hashing. */
export interface RuntimeOverrides {
  readonly stores?: Stores;
  readonly clock?: Clock;
  readonly random?: Random;
  readonly hasher?: PasswordHasher;
  /** A team's hooks (`createGatehouse`'s `hooks`); none by default. */
  readonly hooks?: AuthHooks;
}

/** Builds a runtime from configuration. Independent instances share nothing but the table. */
export async function createRuntime(
  config: Config,
  overrides: RuntimeOverrides = {},
): Promise<Runtime> {
  const keys = await loadSigningKeys(config.signingKeys);
  const db = createDocumentClient(
    config.dynamoEndpoint === undefined
      ? {}
      : {
          endpoint: config.dynamoEndpoint,
          region: process.env.AWS_REGION ?? "local",
          // A local engine accepts any credentials; never use real ones against it.
          credentials: { accessKeyId: "local", secretAccessKey: "local" },
        },
  );
  let stores = overrides.stores;
  let isHealthy = async () => true;
  if (stores === undefined) {
    stores = dynamoStores(db, config.tableName);
    isHealthy = () => isTableReachable(db, config.tableName);
  }
  const clock = overrides.clock ?? systemClock;
  const mail = overrides.hooks?.mail ?? configuredMail(config);
  const services = createAuthServices({
    stores,
    keys,
    hasher: overrides.hasher ?? argon2idHasher(),
    settings: config.auth,
    clock,
    random: overrides.random ?? systemRandom,
    mail,
    ...(config.totpKeys === undefined ? {} : { totpKeys: totpKeysOf(config.totpKeys) }),
    ...(overrides.hooks === undefined ? {} : { hooks: overrides.hooks }),
  });
  const table = { client: db, name: config.tableName };
  return { config, keys, services, table, telemetry: createTelemetry(), clock, isHealthy, mail };
}

/** The TOTP key ring, or the cold-start failure that says what is wrong (never a key). */
function totpKeysOf(value: string) {
  try {
    return parseTotpKeys(value);
  } catch (error) {
    throw new TypeError(
      `Invalid Gatehouse configuration:\n- GATEHOUSE_TOTP_KEYS: ${(error as Error).message}`,
    );
  }
}

/** The transport `GATEHOUSE_MAIL` names; SES and SMTP connect only when a mail is sent. */
function configuredMail(config: Config): Mail {
  if (config.mail === "console") return consoleMail();
  if (config.mail === "ses") return sesMail({ from: config.mailFrom });
  return smtpMail({ url: config.mail, from: config.mailFrom });
}

// SST's `Resource` throws for a resource that is not linked (local runs, tests).
function linked<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

/** Reads SST links and the environment: the only place that does. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const values: LinkedValues = {
    tableName: linked(() => Resource.Table.name),
    signingKeys: linked(() => Resource.SigningKeys.value),
    // Linked to the API function only: the authorizers never touch a second factor.
    totpKeys: linked(() => Resource.TotpKeys.value),
  };
  return parseConfig(env, values);
}

let current: Promise<Runtime> | undefined;

/** The container's runtime, built on first use and then reused by every invocation. */
export function getRuntime(): Promise<Runtime> {
  current ??= createRuntime(loadConfig());
  return current;
}
