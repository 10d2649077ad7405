// The settings of the deployed functions, one row each: parsing (config.ts), the variables SST
// passes through (infra/functions.ts) and docs/configuration.md (npm run docs:configuration) all
// read this table. Rows are read in this order, which is the order problems are listed in.
// `npm start`'s own settings are in local/settings.ts.
import {
  deployableNames,
  type Env,
  flag,
  integer,
  names,
  oneOf,
  optional,
  origins,
  parseSettings,
  required,
  type SettingValues,
  text,
} from "./setting-readers.js";
import { passkeyOriginsProblem, rpIdProblem } from "./webauthn-settings.js";

const API = ["api"] as const;

/** `smtp://` or `smtps://`, optional credentials, a host and a port (no path or query). */
function isSmtpUrl(value: string): boolean {
  if (!/^smtps?:\/\//.test(value)) return false;
  try {
    const url = new URL(value);
    return (
      url.hostname !== "" && url.port !== "" && /^\/?$/.test(url.pathname) && url.search === ""
    );
  } catch {
    return false;
  }
}
const API_AND_AUTHORIZERS = ["api", "authorizers"] as const;

/** Every setting of the deployed functions, by the name the code reads it under. */
export const SETTINGS = {
  issuer: required({
    env: "GATEHOUSE_ISSUER",
    doc: "`iss` of tokens and of the discovery document (a trailing slash is dropped)",
    applies: API_AND_AUTHORIZERS,
    deployable: true,
    shown: { deployed: "the API's URL", local: "`http://localhost:$PORT`" },
    allowed: "http(s) URL without query or fragment",
    hint: "set it to the API's public base URL, e.g. https://api.example.com",
    check: (value) =>
      value !== "" && !/^https?:\/\/[^/?#]+(\/[^?#]*)?$/.test(value)
        ? `GATEHOUSE_ISSUER must be an http(s) URL without query or fragment (got "${value}")`
        : undefined,
  }),
  loginMaxFailures: integer({
    env: "GATEHOUSE_LOGIN_MAX_FAILURES",
    doc: "failed logins per email from one source address (an IPv6 /64) per window before that address gets `RATE_LIMITED` for that email; also failed `changePassword` calls per user",
    applies: API,
    deployable: true,
    default: 5,
    min: 1,
    max: 1_000,
  }),
  loginMaxFailuresPerEmail: integer({
    env: "GATEHOUSE_LOGIN_MAX_FAILURES_PER_EMAIL",
    doc: "failed logins per email from all addresses together per window before the account gets `RATE_LIMITED` (at least `GATEHOUSE_LOGIN_MAX_FAILURES`)",
    applies: API,
    deployable: true,
    default: 100,
    min: 1,
    max: 100_000,
    // A ceiling below the per-source limit would make the per-source limit meaningless.
    check: (value, earlier) => {
      const perSource = earlier("GATEHOUSE_LOGIN_MAX_FAILURES") as number;
      return value < perSource
        ? `GATEHOUSE_LOGIN_MAX_FAILURES_PER_EMAIL (${value}) must be at least GATEHOUSE_LOGIN_MAX_FAILURES (${perSource})`
        : undefined;
    },
  }),
  environment: oneOf({
    env: "GATEHOUSE_ENV",
    doc: "`production`: no introspection, field suggestions or landing page; unexpected errors are logged without stack frames",
    applies: API,
    // Set from the stage, never from the deploying shell.
    deployable: false,
    shown: {
      deployed: "`production` on stages `production` and `staging`, else `development`",
      local: "`development`",
    },
    values: ["development", "production"],
    default: "production",
  }),
  tableName: required({
    env: "GATEHOUSE_TABLE_NAME",
    label: "table name",
    doc: "the DynamoDB table; a linked table wins over the variable",
    applies: API_AND_AUTHORIZERS,
    deployable: false,
    shown: { deployed: "the linked `Table`", local: "`gatehouse-local`" },
    hint: "link the Table in SST, or set GATEHOUSE_TABLE_NAME",
  }),
  signingKeys: required({
    env: "GATEHOUSE_SIGNING_KEYS",
    label: "signing keys",
    doc: "the private signing keys as a JWK Set (the first key signs); a linked secret wins over the variable",
    applies: API_AND_AUTHORIZERS,
    deployable: false,
    shown: {
      deployed: "the `SigningKeys` secret",
      local: "`.gatehouse/signing-keys.json`, generated on first start",
    },
    allowed: "RS256, ES256 or EdDSA keys",
    hint: "run `npm run -s keys -- generate --out keys.json && npx sst secret set SigningKeys < keys.json`, or set GATEHOUSE_SIGNING_KEYS",
  }),
  totpKeys: optional({
    env: "GATEHOUSE_TOTP_KEYS",
    doc: "the keys that encrypt TOTP secrets at rest (AES-256-GCM), as `id:key` entries, comma-separated (the first encrypts, every one decrypts, so keys rotate by putting a new one first); a linked secret wins over the variable. Without it no TOTP operation works",
    applies: API,
    deployable: false,
    shown: {
      deployed: "the `TotpKeys` secret",
      local: "`.gatehouse/totp-keys`, generated on first start",
    },
    allowed:
      "`id:key,…`: ids of A-Z, a-z, 0-9, _ and - (at most 32), keys of 32 bytes in base64url",
    // The value is key material: a problem names its shape, never the value.
    check: (value) =>
      value === undefined ||
      /^[A-Za-z0-9_-]{1,32}:[A-Za-z0-9_-]{43}(,[A-Za-z0-9_-]{1,32}:[A-Za-z0-9_-]{43})*$/.test(value)
        ? undefined
        : "GATEHOUSE_TOTP_KEYS must be `id:key` entries, comma-separated, each key 32 bytes in base64url (the value is not shown: it holds keys); see infra/secrets.ts for making one",
  }),
  dynamoEndpoint: optional({
    env: "DYNAMODB_ENDPOINT",
    doc: "use this DynamoDB-compatible endpoint instead of AWS, or of the embedded one under `npm start`",
    applies: API_AND_AUTHORIZERS,
    deployable: false,
  }),
  audience: text({
    env: "GATEHOUSE_AUDIENCE",
    doc: "`aud` of tokens",
    applies: API_AND_AUTHORIZERS,
    deployable: true,
    default: "gatehouse",
  }),
  ttlSeconds: integer({
    env: "GATEHOUSE_ACCESS_TOKEN_TTL",
    doc: "access token lifetime, seconds",
    applies: API_AND_AUTHORIZERS,
    deployable: true,
    default: 900,
    min: 60,
    max: 86_400,
  }),
  refreshTtlSeconds: integer({
    env: "GATEHOUSE_REFRESH_TOKEN_TTL",
    doc: "session (refresh token) lifetime, seconds, absolute: refreshing never extends it",
    applies: API,
    deployable: true,
    default: 2_592_000,
    min: 300,
    max: 31_536_000,
  }),
  signup: oneOf({
    env: "GATEHOUSE_SIGNUP",
    doc: "whether `signUp` works",
    applies: API,
    deployable: true,
    values: ["open", "closed"],
    default: "open",
  }),
  loginWindowSeconds: integer({
    env: "GATEHOUSE_LOGIN_WINDOW",
    doc: "the window of both login limits, seconds",
    applies: API,
    deployable: true,
    default: 900,
    min: 1,
    max: 86_400,
  }),
  sourceMaxAttempts: integer({
    env: "GATEHOUSE_IP_MAX_ATTEMPTS",
    doc: "sign-ups, failed logins and failed refreshes per IPv4 address or IPv6 /64 per window before `RATE_LIMITED`",
    applies: API,
    deployable: true,
    default: 30,
    min: 1,
    max: 100_000,
  }),
  sourcePrefixFactor: integer({
    env: "GATEHOUSE_IPV6_PREFIX_FACTOR",
    doc: "an IPv6 source also counts in its /56, allowed this many times `GATEHOUSE_IP_MAX_ATTEMPTS` (120), and its /48, this factor squared (480); any spent bucket refuses",
    applies: API,
    deployable: true,
    default: 4,
    min: 1,
    max: 256,
  }),
  sourceWindowSeconds: integer({
    env: "GATEHOUSE_IP_WINDOW",
    doc: "the window of the per-source limit, seconds",
    applies: API,
    deployable: true,
    default: 900,
    min: 1,
    max: 86_400,
  }),
  anonMaxAttempts: integer({
    env: "GATEHOUSE_ANON_MAX_ATTEMPTS",
    doc: "sign-ups, failed logins and failed refreshes from all sources together per window; once spent, those calls get `RATE_LIMITED` while signed-in calls go on",
    applies: API,
    deployable: true,
    default: 3_000,
    min: 1,
    max: 1_000_000,
  }),
  anonWindowSeconds: integer({
    env: "GATEHOUSE_ANON_WINDOW",
    doc: "the window of the anonymous budget, seconds",
    applies: API,
    deployable: true,
    default: 60,
    min: 1,
    max: 86_400,
  }),
  passwordMinLength: integer({
    env: "GATEHOUSE_PASSWORD_MIN_LENGTH",
    doc: "minimum password length, code points (NIST SP 800-63B-4 for single-factor)",
    applies: API,
    deployable: true,
    default: 15,
    min: 8,
    max: 256,
  }),
  // OWASP Forgot Password Cheat Sheet: "ensure that the time taken for the user response
  // message is uniform". A known address costs a mail sent, an unknown one none; both answer
  // at the same moment after the request began, unless the mail takes longer than this.
  passwordResetMinMs: integer({
    env: "GATEHOUSE_PASSWORD_RESET_MIN_MS",
    doc: "`requestPasswordReset` answers no sooner than this many milliseconds after it began, for a known address (a mail sent) and an unknown one (none) alike, so its timing does not tell whether an address has an account; keep it above the mail transport's slowest send. 0: at once",
    applies: API,
    deployable: true,
    default: 1000,
    min: 0,
    max: 10_000,
  }),
  requireVerifiedEmail: flag({
    env: "GATEHOUSE_REQUIRE_VERIFIED_EMAIL",
    doc: "`true`: an unverified user's token reaches only `me`, `sessions`, `logout`, `revoke`, `requestEmailVerification` (and the second-factor step); everything else answers `EMAIL_NOT_VERIFIED`",
    applies: API,
    deployable: true,
    default: false,
  }),
  reauthMaxAgeSeconds: integer({
    env: "GATEHOUSE_REAUTH_MAX_AGE",
    doc: "seconds since the last sign-in (`auth_time`) within which sensitive operations are allowed; later, or at aal1 for a user with a second factor, they answer `REAUTHENTICATION_REQUIRED`",
    applies: API,
    deployable: true,
    default: 300,
    // "Recent" longer than half a day would no longer mean a sign-in just made.
    min: 30,
    max: 43_200,
  }),
  maxBodyBytes: integer({
    env: "GATEHOUSE_MAX_BODY_BYTES",
    doc: "larger request bodies get HTTP 413",
    applies: API,
    deployable: true,
    default: 102_400,
    min: 1_024,
    max: 6_291_456,
  }),
  jwksMaxAgeSeconds: integer({
    env: "GATEHOUSE_JWKS_MAX_AGE",
    doc: "`Cache-Control` max-age of the JWKS and discovery documents, seconds: how long verifiers may cache the keys",
    applies: API,
    deployable: true,
    default: 300,
    min: 0,
    max: 86_400,
  }),
  appSyncAuthorizerTtlSeconds: integer({
    env: "GATEHOUSE_APPSYNC_AUTH_TTL",
    doc: "seconds AppSync may cache the AppSync authorizer's answer for a token (never past the token's expiry); 0 keeps revocation immediate",
    applies: ["authorizers"],
    deployable: true,
    default: 0,
    // AppSync accepts 0 to 3600 (LambdaAuthorizerConfig.authorizerResultTtlInSeconds).
    min: 0,
    max: 3_600,
  }),
  roles: names({
    env: "GATEHOUSE_ROLES",
    doc: "the roles accounts and tokens may hold, e.g. `USER,EDITOR,ADMIN`: the `Role` enum, `setRoles`, `createUser` and the admin CLI accept these; a token with another role is refused. Gatehouse's own rules treat any role but ADMIN like USER",
    applies: API_AND_AUTHORIZERS,
    deployable: true,
    default: ["USER", "ADMIN"],
    // The shape of a GraphQL enum value by convention; as core's ROLE_NAME (this table
    // imports nothing, see setting-readers.ts).
    pattern: /^[A-Z][A-Z0-9_]{0,31}$/,
    shape: "role names of A-Z, 0-9 and _, starting with a letter, at most 32 characters",
    needs: { USER: "sign-up grants it", ADMIN: "Gatehouse's own rules need it" },
  }),
  mail: text({
    env: "GATEHOUSE_MAIL",
    doc: "how mail leaves: `console` prints each mail to the terminal, link included (local only); `smtp://[user:pass@]host:port` sends over SMTP (e.g. Mailpit); `ses` sends with Amazon SES v2. A team's `mail` hook replaces it",
    applies: API,
    deployable: true,
    default: "ses",
    shown: { deployed: "`ses`", local: "`console`" },
    allowed: "`console`, `ses` or `smtp://[user:pass@]host:port`",
    // The value may hold an SMTP password, so the problem never repeats it.
    check: (value) =>
      value === "console" || value === "ses" || isSmtpUrl(value)
        ? undefined
        : "GATEHOUSE_MAIL must be `console`, `ses` or `smtp://[user:pass@]host:port` (the value is not shown: it may hold a password)",
  }),
  mailFrom: text({
    env: "GATEHOUSE_MAIL_FROM",
    doc: "the sender of every mail, `Name <address>` or an address; with SES, a verified identity",
    applies: API,
    deployable: true,
    default: "Gatehouse <no-reply@localhost>",
    check: (value) =>
      /^([^<>\r\n]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/.test(value)
        ? undefined
        : `GATEHOUSE_MAIL_FROM must be an address or \`Name <address>\` (got "${value}")`,
  }),
  accountPage: optional({
    env: "GATEHOUSE_ACCOUNT_PAGE",
    doc: "`on`: serve the account page at `/account` (sign-up, login, sessions, the mailed links' pages); `off`: those paths answer 404",
    applies: API,
    deployable: true,
    shown: {
      deployed: "`on` where `GATEHOUSE_ENV` is `development`, else `off`",
      local: "`on`",
    },
    allowed: "`on`, `off`",
    check: (value) =>
      value === undefined || value === "on" || value === "off"
        ? undefined
        : `GATEHOUSE_ACCOUNT_PAGE must be one of on, off (got "${value}")`,
  }),
  // Links are built from configuration only, never from a request's Host header (which a
  // client writes: a reset link pointing at an attacker's host would hand them the token).
  appUrl: optional({
    env: "GATEHOUSE_APP_URL",
    doc: "base of every link in a mail: `$APP_URL/verify-email#token=…`, `…/reset-password#token=…`, `…/confirm-email#token=…` (a trailing slash is dropped). Unset: the issuer's `/account`, the account page's address; in production, where that page is off by default, set it to the page of your app that posts the token",
    applies: API,
    deployable: true,
    shown: { deployed: "`$GATEHOUSE_ISSUER/account`", local: "`http://localhost:$PORT/account`" },
    allowed: "http(s) URL without query or fragment",
    check: (value) =>
      value === undefined || /^https?:\/\/[^/?#]+(\/[^?#]*)?$/.test(value)
        ? undefined
        : `GATEHOUSE_APP_URL must be an http(s) URL without query or fragment (got "${value}")`,
  }),
  webauthnRpId: optional({
    env: "GATEHOUSE_WEBAUTHN_RP_ID",
    doc: "the WebAuthn relying party id passkeys are bound to: a domain, the origins' host or a parent of it; changing it orphans every registered passkey",
    applies: API,
    deployable: true,
    shown: { deployed: "the issuer's host name", local: "`localhost`" },
    allowed: "a lower-case domain name",
    check: rpIdProblem,
  }),
  webauthnOrigins: origins({
    env: "GATEHOUSE_WEBAUTHN_ORIGINS",
    doc: "the exact origins a passkey ceremony may come from, on the relying party id (https, or http on localhost)",
    applies: API,
    deployable: true,
    shown: {
      deployed: "the origins of `GATEHOUSE_APP_URL` and the issuer",
      local: "`http://localhost:$PORT`",
    },
    check: passkeyOriginsProblem,
  }),
  corsOrigins: origins({
    env: "GATEHOUSE_CORS_ORIGINS",
    doc: "browser origins allowed to call `/graphql` cross-origin, e.g. `https://app.example.com`; unset: none",
    applies: API,
    deployable: true,
  }),
};

/** The variables `sst deploy` copies from the deploying shell into every function (infra/functions.ts). */
export const DEPLOYABLE = deployableNames(SETTINGS);

/** The deployed functions' settings, parsed, by row name. */
export type SettingsValues = SettingValues<typeof SETTINGS>;

/** Parses the table from `env`, failing with one `TypeError` that lists every problem. */
export const parseDeployedSettings = (env: Env): SettingsValues => parseSettings(SETTINGS, env);
