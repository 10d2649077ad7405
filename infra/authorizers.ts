import type { FunctionDefaults } from "./functions";

/** Where each authorizer's code lives: `file.export`, relative to the app's root. */
export interface AuthorizerHandlers {
  readonly gateway: string;
  readonly appSync: string;
}

/** Gatehouse's own authorizer entry points (packages/functions/src/handlers/authorizers.ts). */
export const GATEHOUSE_AUTHORIZERS: AuthorizerHandlers = {
  gateway: "packages/functions/src/handlers/authorizers.apiGatewayAuthorizer",
  appSync: "packages/functions/src/handlers/authorizers.appSyncAuthorizer",
};

/**
 * The authorizers: the API's own verification (signature, claims, then the revocation read) for
 * routes and APIs that are not Gatehouse's. Each is a function of its own, with the API
 * function's runtime, links and settings, but sized for a verify and one GetItem.
 */
export function createAuthorizers(defaults: FunctionDefaults, handlers: AuthorizerHandlers) {
  const authorizerDefaults = {
    ...defaults,
    // No password hashing here; 512 MB still buys enough CPU for an RS256 verify at cold start.
    memory: "512 MB",
    // API Gateway and AppSync both give an authorizer 10 seconds at most; fail well before.
    timeout: "5 seconds",
  } satisfies Partial<sst.aws.FunctionArgs>;

  // The HTTP API Lambda REQUEST authorizer (payload 2.0, simple responses).
  const gatewayAuthorizer = new sst.aws.Function("GatewayAuthorizer", {
    handler: handlers.gateway,
    ...authorizerDefaults,
  });

  // The AppSync `AWS_LAMBDA` authorizer. The AppSync API that uses it grants itself the invoke
  // permission (the console does so; see docs/gateway.md for the CLI), so nothing here guesses
  // which API that is.
  const appSyncAuthorizer = new sst.aws.Function("AppSyncAuthorizer", {
    handler: handlers.appSync,
    ...authorizerDefaults,
  });

  return { gatewayAuthorizer, appSyncAuthorizer };
}

/** An authorizer registered on one HTTP API; routes of that API use its `id`. */
// SST does not export the class under `sst.aws`, so it is named through the method.
export type GatewayAuthorizer = ReturnType<sst.aws.ApiGatewayV2["addAuthorizer"]>;

/**
 * Registers the gateway authorizer function on an HTTP API, once per API: an HTTP API
 * authorizer belongs to one API, so each API that guards routes with Gatehouse gets its own
 * registration of the same function (SST grants that API the invoke permission). Results are
 * never cached (the default TTL is 0), so a revocation applies at once.
 */
export function authorizerRegistry(gatewayAuthorizer: sst.aws.Function) {
  const registered = new Map<sst.aws.ApiGatewayV2, GatewayAuthorizer>();
  return (api: sst.aws.ApiGatewayV2): GatewayAuthorizer => {
    let authorizer = registered.get(api);
    if (authorizer === undefined) {
      authorizer = api.addAuthorizer({
        name: "Gatehouse",
        lambda: {
          function: gatewayAuthorizer.arn,
          payload: "2.0",
          response: "simple",
          identitySources: ["$request.header.Authorization"],
        },
      });
      registered.set(api, authorizer);
    }
    return authorizer;
  };
}
