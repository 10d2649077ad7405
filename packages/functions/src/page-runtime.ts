// The account page function's runtime.ts: the one other module that reads the environment.
// It is apart from runtime.ts because that one builds the API's clients (DynamoDB, SES, SST
// links): imported by the page's entry, it put 380 kB of AWS SDK into a bundle that needs none.
import { type AccountPageSettings, parseAccountPageSettings } from "./account/settings.js";

/** Reads the account page function's settings: it has no links, only the environment. */
export function loadAccountPageSettings(env: NodeJS.ProcessEnv = process.env): AccountPageSettings {
  return parseAccountPageSettings(env);
}
