import { api, functionDefaults } from "./api";

// The authorizers: the API's own verification (signature, claims, then the revocation read)
// for routes and APIs that are not Gatehouse's. Each is a function of its own, with the API
// function's runtime, links and settings, but sized for a verify and one GetItem.
const authorizerDefaults = {
  ...functionDefaults,
  // No password hashing here; 512 MB still buys enough CPU for an RS256 verify at cold start.
  memory: "512 MB",
  // API Gateway and AppSync both give an authorizer 10 seconds at most; fail well before.
  timeout: "5 seconds",
} satisfies Partial<sst.aws.FunctionArgs>;

/** The HTTP API Lambda REQUEST authorizer (payload 2.0, simple responses). */
export const gatewayAuthorizer = new sst.aws.Function("GatewayAuthorizer", {
  handler: "packages/functions/src/handlers/authorizers.apiGatewayAuthorizer",
  ...authorizerDefaults,
});

/**
 * The AppSync `AWS_LAMBDA` authorizer. The AppSync API that uses it grants itself the invoke
 * permission (the console does so; see the README for the CLI), so nothing here guesses which
 * API that is.
 */
export const appSyncAuthorizer = new sst.aws.Function("AppSyncAuthorizer", {
  handler: "packages/functions/src/handlers/authorizers.appSyncAuthorizer",
  ...authorizerDefaults,
});

// Registered on the HTTP API for other routes to use (`auth: { lambda: authorizer.id }`). The
// $default route stays public: the GraphQL handler authenticates every request itself, and
// sign-up and login must be reachable without a token. Results are never cached (the default
// TTL is 0), so a revocation applies at once.
export const authorizer = api.addAuthorizer({
  name: "Gatehouse",
  lambda: {
    function: gatewayAuthorizer.arn,
    payload: "2.0",
    response: "simple",
    identitySources: ["$request.header.Authorization"],
  },
});
