import type { AuthSettings } from "@gatehouse/core";
import type { Env } from "./setting-readers.js";
import { parseDeployedSettings, type SettingsValues } from "./settings.js";

/**
 * Everything the API is configured with, parsed and checked once per container: the rows of
 * the settings table (settings.ts), with the auth domain's own view of them under `auth`.
 */
export type Config = Omit<SettingsValues, keyof AuthSettings> & { readonly auth: AuthSettings };

/** Values SST links into the function (table name, secret); absent outside AWS. */
export interface LinkedValues {
  readonly tableName?: string | undefined;
  readonly signingKeys?: string | undefined;
}

/**
 * Parses configuration from the environment and linked resources (which win over the
 * variables). Fails with one `TypeError` that lists every problem and how to fix it, so a bad
 * deploy fails at cold start instead of answering requests wrongly.
 */
export function parseConfig(env: Env, linked: LinkedValues = {}): Config {
  const {
    environment,
    tableName,
    dynamoEndpoint,
    signingKeys,
    maxBodyBytes,
    jwksMaxAgeSeconds,
    appSyncAuthorizerTtlSeconds,
    corsOrigins,
    issuer,
    ...auth
  } = parseDeployedSettings({
    ...env,
    GATEHOUSE_TABLE_NAME: linked.tableName ?? env.GATEHOUSE_TABLE_NAME,
    GATEHOUSE_SIGNING_KEYS: linked.signingKeys ?? env.GATEHOUSE_SIGNING_KEYS,
  });
  return {
    environment,
    tableName,
    dynamoEndpoint,
    signingKeys,
    maxBodyBytes,
    jwksMaxAgeSeconds,
    appSyncAuthorizerTtlSeconds,
    corsOrigins,
    // The rest of the table is the domain's (AuthSettings); the issuer in one spelling.
    auth: { ...auth, issuer: issuer.replace(/\/$/, "") },
  };
}
