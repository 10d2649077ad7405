import type { AuthSettings } from "@gatehouse/core";

/** Everything the API is configured with, parsed and checked once per container. */
export interface Config {
  readonly environment: "development" | "production";
  readonly tableName: string;
  /** A DynamoDB-compatible endpoint instead of AWS (local engine). */
  readonly dynamoEndpoint: string | undefined;
  /** The JWK Set JSON of the signing keys (private). */
  readonly signingKeys: string;
  readonly auth: AuthSettings;
  readonly maxBodyBytes: number;
  /** How long verifiers may cache the JWKS, seconds. */
  readonly jwksMaxAgeSeconds: number;
  /**
   * How long AppSync may cache the Lambda authorizer's answer for a token, seconds (capped by
   * the token's remaining life); 0, the default, keeps revocation immediate.
   */
  readonly appSyncAuthorizerTtlSeconds: number;
  /** Browser origins allowed to call `/graphql` cross-origin (CORS), exact; empty: none. */
  readonly corsOrigins: readonly string[];
}

/** Values SST links into the function (table name, secret); absent outside AWS. */
export interface LinkedValues {
  readonly tableName?: string | undefined;
  readonly signingKeys?: string | undefined;
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Parses configuration from the environment and linked resources. Fails with one `TypeError`
 * that lists every problem and how to fix it, so a bad deploy fails at cold start instead of
 * answering requests wrongly.
 */
export function parseConfig(env: Env, linked: LinkedValues = {}): Config {
  const problems: string[] = [];

  const integer = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === "") return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be a whole number from ${min} to ${max} (got "${raw}")`);
      return fallback;
    }
    return value;
  };
  const oneOf = <T extends string>(name: string, values: readonly T[], fallback: T): T => {
    const raw = env[name];
    if (raw === undefined || raw === "") return fallback;
    if (!(values as readonly string[]).includes(raw)) {
      problems.push(`${name} must be one of ${values.join(", ")} (got "${raw}")`);
      return fallback;
    }
    return raw as T;
  };
  // Exact origins only (scheme, host, optional port): a browser sends exactly that, and a
  // wildcard or a path would either match too much or never match at all.
  const origins = (name: string): string[] => {
    const listed = (env[name] ?? "")
      .split(",")
      .map((entry) => entry.trim())
      .filter((entry) => entry !== "");
    for (const entry of listed) {
      let origin: string | undefined;
      try {
        origin = new URL(entry).origin;
      } catch {
        origin = undefined;
      }
      if (origin !== entry || !/^https?:/.test(entry)) {
        problems.push(
          `${name} must list exact origins like https://app.example.com, comma-separated, without path or trailing slash (got "${entry}")`,
        );
      }
    }
    return listed;
  };
  const required = (name: string, value: string | undefined, hint: string): string => {
    if (value === undefined || value === "") {
      problems.push(`${name} is not set: ${hint}`);
      return "";
    }
    return value;
  };

  const issuer = required(
    "GATEHOUSE_ISSUER",
    env.GATEHOUSE_ISSUER,
    "set it to the API's public base URL, e.g. https://api.example.com",
  );
  if (issuer !== "" && !/^https?:\/\/[^/?#]+(\/[^?#]*)?$/.test(issuer)) {
    problems.push(
      `GATEHOUSE_ISSUER must be an http(s) URL without query or fragment (got "${issuer}")`,
    );
  }

  const loginMaxFailures = integer("GATEHOUSE_LOGIN_MAX_FAILURES", 5, 1, 1_000);
  const loginMaxFailuresPerEmail = integer(
    "GATEHOUSE_LOGIN_MAX_FAILURES_PER_EMAIL",
    100,
    1,
    100_000,
  );
  // A ceiling below the per-source limit would make the per-source limit meaningless.
  if (loginMaxFailuresPerEmail < loginMaxFailures) {
    problems.push(
      `GATEHOUSE_LOGIN_MAX_FAILURES_PER_EMAIL (${loginMaxFailuresPerEmail}) must be at least GATEHOUSE_LOGIN_MAX_FAILURES (${loginMaxFailures})`,
    );
  }

  const config: Config = {
    environment: oneOf("GATEHOUSE_ENV", ["development", "production"], "production"),
    tableName: required(
      "table name",
      linked.tableName ?? env.GATEHOUSE_TABLE_NAME,
      "link the Table in SST, or set GATEHOUSE_TABLE_NAME",
    ),
    dynamoEndpoint: env.DYNAMODB_ENDPOINT || undefined,
    signingKeys: required(
      "signing keys",
      linked.signingKeys ?? env.GATEHOUSE_SIGNING_KEYS,
      "run `npm run -s keys -- generate --out keys.json && npx sst secret set SigningKeys < keys.json`, or set GATEHOUSE_SIGNING_KEYS",
    ),
    auth: {
      issuer: issuer.replace(/\/$/, ""),
      audience: env.GATEHOUSE_AUDIENCE || "gatehouse",
      ttlSeconds: integer("GATEHOUSE_ACCESS_TOKEN_TTL", 900, 60, 86_400),
      refreshTtlSeconds: integer("GATEHOUSE_REFRESH_TOKEN_TTL", 2_592_000, 300, 31_536_000),
      signup: oneOf("GATEHOUSE_SIGNUP", ["open", "closed"], "open"),
      loginMaxFailures,
      loginMaxFailuresPerEmail,
      loginWindowSeconds: integer("GATEHOUSE_LOGIN_WINDOW", 900, 1, 86_400),
      sourceMaxAttempts: integer("GATEHOUSE_IP_MAX_ATTEMPTS", 30, 1, 100_000),
      sourcePrefixFactor: integer("GATEHOUSE_IPV6_PREFIX_FACTOR", 4, 1, 256),
      sourceWindowSeconds: integer("GATEHOUSE_IP_WINDOW", 900, 1, 86_400),
      anonMaxAttempts: integer("GATEHOUSE_ANON_MAX_ATTEMPTS", 3_000, 1, 1_000_000),
      anonWindowSeconds: integer("GATEHOUSE_ANON_WINDOW", 60, 1, 86_400),
      passwordMinLength: integer("GATEHOUSE_PASSWORD_MIN_LENGTH", 15, 8, 256),
    },
    maxBodyBytes: integer("GATEHOUSE_MAX_BODY_BYTES", 102_400, 1_024, 6_291_456),
    jwksMaxAgeSeconds: integer("GATEHOUSE_JWKS_MAX_AGE", 300, 0, 86_400),
    // AppSync accepts 0 to 3600 (LambdaAuthorizerConfig.authorizerResultTtlInSeconds).
    appSyncAuthorizerTtlSeconds: integer("GATEHOUSE_APPSYNC_AUTH_TTL", 0, 0, 3_600),
    corsOrigins: origins("GATEHOUSE_CORS_ORIGINS"),
  };

  if (problems.length > 0) {
    throw new TypeError(`Invalid Gatehouse configuration:\n- ${problems.join("\n- ")}`);
  }
  return config;
}

/** Settings that only the local server (`npm start`) has. */
export interface LocalSettings {
  readonly port: number;
  /** The interface the HTTP server listens on: loopback unless `GATEHOUSE_HOST` opens it. */
  readonly host: string;
  /** Where the embedded DynamoDB persists; null keeps nothing (`memory`). */
  readonly dataDir: string | null;
  readonly admin: { readonly email: string; readonly password: string } | null;
}

/** Parses the local server's settings, failing like `parseConfig` does. */
export function parseLocalSettings(env: Env): LocalSettings {
  const problems: string[] = [];
  const rawPort = env.PORT || "4000";
  const port = Number(rawPort);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    problems.push(`PORT must be a port number (got "${rawPort}")`);
  }
  // Loopback by default: a development server with a seeded admin is not for the network.
  const host = env.GATEHOUSE_HOST || "127.0.0.1";
  if (!/^[A-Za-z0-9.:-]+$/.test(host)) {
    problems.push(`GATEHOUSE_HOST must be an address or host name (got "${host}")`);
  }
  const email = env.GATEHOUSE_ADMIN_EMAIL || undefined;
  const password = env.GATEHOUSE_ADMIN_PASSWORD || undefined;
  if ((email === undefined) !== (password === undefined)) {
    problems.push("set both GATEHOUSE_ADMIN_EMAIL and GATEHOUSE_ADMIN_PASSWORD, or neither");
  }
  if (problems.length > 0) {
    throw new TypeError(`Invalid Gatehouse configuration:\n- ${problems.join("\n- ")}`);
  }
  const dataDir = env.GATEHOUSE_DATA_DIR || ".gatehouse/data";
  return {
    port,
    host,
    dataDir: dataDir === "memory" ? null : dataDir,
    admin: email !== undefined && password !== undefined ? { email, password } : null,
  };
}
