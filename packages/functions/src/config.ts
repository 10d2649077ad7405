import { type AuthSettings, createRoleSet } from "@gatehouse/core";
import type { Env } from "./setting-readers.js";
import { parseDeployedSettings, type SettingsValues } from "./settings.js";

// The rows of the settings table that are the API's own. Every other row is the auth domain's
// and goes to `auth`, so AuthSettings (core) must declare it before any code can read it.
const API_ROWS = [
  "environment",
  "tableName",
  "dynamoEndpoint",
  "signingKeys",
  "totpKeys",
  "maxBodyBytes",
  "jwksMaxAgeSeconds",
  "appSyncAuthorizerTtlSeconds",
  "corsOrigins",
  "mail",
  "mailFrom",
  "accountPage",
] as const satisfies readonly (keyof SettingsValues)[];

/**
 * Everything the API is configured with, parsed and checked once per container: the rows of
 * the settings table (settings.ts), with the auth domain's view of them under `auth`.
 */
export type Config = Pick<SettingsValues, (typeof API_ROWS)[number]> & {
  readonly auth: AuthSettings;
};

/** Splits `values` into the rows `keys` names and the rest. */
function split<V extends object, K extends keyof V>(values: V, keys: readonly K[]) {
  const picked: Partial<Pick<V, K>> = {};
  const rest: Partial<V> = { ...values };
  for (const key of keys) {
    picked[key] = values[key];
    delete rest[key];
  }
  return [picked as Pick<V, K>, rest as Omit<V, K>] as const;
}

/** Values SST links into the function (table name, secret); absent outside AWS. */
export interface LinkedValues {
  readonly tableName?: string | undefined;
  readonly signingKeys?: string | undefined;
  readonly totpKeys?: string | undefined;
}

/**
 * Parses configuration from the environment and linked resources (which win over the
 * variables). Fails with one `TypeError` that lists every problem and how to fix it, so a bad
 * deploy fails at cold start instead of answering requests wrongly.
 */
export function parseConfig(env: Env, linked: LinkedValues = {}): Config {
  const { issuer, appUrl, ...values } = parseDeployedSettings({
    ...env,
    GATEHOUSE_TABLE_NAME: linked.tableName ?? env.GATEHOUSE_TABLE_NAME,
    GATEHOUSE_SIGNING_KEYS: linked.signingKeys ?? env.GATEHOUSE_SIGNING_KEYS,
    GATEHOUSE_TOTP_KEYS: linked.totpKeys ?? env.GATEHOUSE_TOTP_KEYS,
  });
  const [api, { webauthnRpId, webauthnOrigins, ...auth }] = split(values, API_ROWS);
  // The table has checked the names already; core checks them again as its own invariant.
  const roles = createRoleSet(auth.roles);
  const iss = issuer.replace(/\/$/, "");
  // Like the issuer, the link base defaults to the API itself: its account page.
  const links = (appUrl ?? `${iss}/account`).replace(/\/$/, "");
  const { hostname, origin } = new URL(issuer);
  // Passkey ceremonies come from the pages the links open and from the API's own page.
  const defaultOrigins = [...new Set([new URL(links).origin, origin])];
  const webauthn = {
    webauthnRpId: webauthnRpId ?? hostname,
    webauthnOrigins: webauthnOrigins.length > 0 ? webauthnOrigins : defaultOrigins,
  };
  return { ...api, auth: { ...auth, ...webauthn, roles, issuer: iss, appUrl: links } };
}
