// The settings only `npm start` (and the admin CLI beside it) reads, one row each, with the
// same machinery as the deployed table (settings.ts); docs/configuration.md lists both.
import { type Env, optional, parseSettings, text } from "../setting-readers.js";

const LOCAL = ["local"] as const;

/** Every setting of the local server, by the name the code reads it under. */
export const LOCAL_SETTINGS = {
  port: text({
    env: "PORT",
    doc: "the local HTTP port",
    applies: LOCAL,
    deployable: false,
    default: "4000",
    shown: "4000",
    allowed: "0 to 65535",
    check: (value) => {
      const port = Number(value);
      return Number.isInteger(port) && port >= 0 && port <= 65_535
        ? undefined
        : `PORT must be a port number (got "${value}")`;
    },
  }),
  // Loopback by default: a development server with a seeded admin is not for the network.
  host: text({
    env: "GATEHOUSE_HOST",
    doc: "the interface `npm start` listens on; `0.0.0.0` opens it to the network",
    applies: LOCAL,
    deployable: false,
    default: "127.0.0.1",
    allowed: "an address or host name",
    check: (value) =>
      /^[A-Za-z0-9.:-]+$/.test(value)
        ? undefined
        : `GATEHOUSE_HOST must be an address or host name (got "${value}")`,
  }),
  adminEmail: optional({
    env: "GATEHOUSE_ADMIN_EMAIL",
    doc: "make sure this ADMIN user exists at start; an existing account with this email and another password is never promoted (start-up fails and says so)",
    applies: LOCAL,
    deployable: false,
  }),
  adminPassword: optional({
    env: "GATEHOUSE_ADMIN_PASSWORD",
    doc: "the password of that ADMIN user; set both or neither",
    applies: LOCAL,
    deployable: false,
    check: (password, earlier) =>
      (earlier("GATEHOUSE_ADMIN_EMAIL") === undefined) !== (password === undefined)
        ? "set both GATEHOUSE_ADMIN_EMAIL and GATEHOUSE_ADMIN_PASSWORD, or neither"
        : undefined,
  }),
  dataDir: text({
    env: "GATEHOUSE_DATA_DIR",
    doc: "local data, kept private (directory 0700, files 0600); `memory` for none",
    applies: LOCAL,
    deployable: false,
    default: ".gatehouse/data",
  }),
};

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
  const { port, host, adminEmail, adminPassword, dataDir } = parseSettings(LOCAL_SETTINGS, env);
  return {
    port: Number(port),
    host,
    dataDir: dataDir === "memory" ? null : dataDir,
    admin:
      adminEmail !== undefined && adminPassword !== undefined
        ? { email: adminEmail, password: adminPassword }
        : null,
  };
}

/** Reads the local server's own settings from the environment. */
export function loadLocalSettings(env: NodeJS.ProcessEnv = process.env): LocalSettings {
  return parseLocalSettings(env);
}
