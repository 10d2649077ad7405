import type { Config } from "../config.js";
import { type Env, parseSettings } from "../setting-readers.js";
import { SETTINGS } from "../settings.js";

/** The two settings the account page reads: whether it is on, and the stage's environment. */
export type AccountPageSettings = Pick<Config, "accountPage" | "environment">;

/**
 * The page's rows of the settings table, parsed from `env`: its function has no table, keys
 * or mail, so it must not require their settings. Fails at cold start on a bad value.
 */
export function parseAccountPageSettings(env: Env): AccountPageSettings {
  const { environment, accountPage } = SETTINGS;
  return parseSettings({ environment, accountPage }, env);
}

/** Whether the account page is served: `GATEHOUSE_ACCOUNT_PAGE`, else on in development only. */
export function accountPageServed(settings: AccountPageSettings): boolean {
  return (settings.accountPage ?? (settings.environment === "development" ? "on" : "off")) === "on";
}

/** Whether `path` is the account page's: `/account` and everything under it. */
export function isAccountPagePath(path: string): boolean {
  return path === "/account" || path.startsWith("/account/");
}
