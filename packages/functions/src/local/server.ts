import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { isGatehouseError } from "@gatehouse/core";
import { isAccountPagePath } from "../account/settings.js";
import type { Config } from "../config.js";
import { createAccountPageHandler } from "../http/account-page.js";
import type { HttpHandler } from "../http/responses.js";
import { createHttpHandler } from "../http/router.js";
import { httpListener } from "./http-adapter.js";
import { type LocalRuntime, startLocalRuntime } from "./local-runtime.js";
import type { LocalSettings } from "./settings.js";

/** A running `npm start`. */
export interface LocalServer {
  readonly server: Server;
  readonly config: Config;
  /** The address and port the HTTP server listens on. */
  readonly address: AddressInfo;
  /** Stops the HTTP server and what the runtime started. */
  close(): Promise<void>;
}

/** What else the local server can serve. */
export interface LocalServerOptions {
  /**
   * A team's Lambda entry file (`createGatehouse`'s, exporting `handler`) to serve instead of
   * Gatehouse's own: `npm run example:notes` serves `examples/notes/src/handler.ts`.
   */
  readonly handlerModule?: string;
}

/**
 * A team's entry reads its configuration from the environment at import, as in Lambda, so the
 * local values (embedded table, development keys) go into `process.env` first.
 */
async function importHandler(path: string, local: LocalRuntime): Promise<HttpHandler> {
  for (const [name, value] of Object.entries(local.env)) {
    if (value !== undefined) process.env[name] = value;
  }
  const entry = (await import(pathToFileURL(resolve(path)).href)) as { handler?: unknown };
  if (typeof entry.handler !== "function") {
    throw new TypeError(`${path} exports no \`handler\` function`);
  }
  return entry.handler as HttpHandler;
}

/**
 * What API Gateway does in front of the two functions (infra/gatehouse.ts): `/account` and
 * everything under it to the account page's, every other path to the API's.
 */
function routeLikeTheGateway(api: HttpHandler, page: HttpHandler): HttpHandler {
  return (event, context) => (isAccountPagePath(event.rawPath) ? page : api)(event, context);
}

/**
 * Starts what `npm start` runs: the local runtime, the admin account it is asked to make sure
 * of, and the HTTP server on `local.host` (127.0.0.1 unless configured otherwise), serving the
 * API's handler and the account page's, each on its own paths as deployed.
 */
export async function startLocalServer(
  local: LocalSettings,
  env: NodeJS.ProcessEnv = process.env,
  options: LocalServerOptions = {},
): Promise<LocalServer> {
  const started = await startLocalRuntime(local, { joinRunning: false, env });
  const { runtime, config, close } = started;
  let handler: HttpHandler;
  try {
    if (local.admin !== null) {
      await runtime.services.credentials
        .ensureAdmin(local.admin.email, local.admin.password)
        .catch((error: unknown) => {
          // The domain's message says what happened; this one says what to do about it. The
          // address is the operator's own setting; the password never appears.
          if (isGatehouseError(error, "INVALID_ARGUMENT", "INVALID_EMAIL", "WEAK_PASSWORD")) {
            throw new Error(
              `GATEHOUSE_ADMIN_EMAIL: ${error.message} Sign in as that account and change its ` +
                "password to GATEHOUSE_ADMIN_PASSWORD, or choose another admin email.",
            );
          }
          throw error;
        });
    }
    handler =
      options.handlerModule === undefined
        ? createHttpHandler(runtime)
        : await importHandler(options.handlerModule, started);
  } catch (error) {
    await close();
    throw error;
  }

  const routed = routeLikeTheGateway(handler, createAccountPageHandler(config));
  const server = createServer(httpListener(routed, config.maxBodyBytes));
  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(local.port, local.host, resolve);
    });
  } catch (error) {
    await close();
    throw error;
  }
  return {
    server,
    config,
    address: server.address() as AddressInfo,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await close();
    },
  };
}
