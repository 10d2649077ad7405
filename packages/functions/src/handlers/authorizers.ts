import {
  createApiGatewayAuthorizer,
  createAppSyncAuthorizer,
} from "../auth/gateway-authorizers.js";
import { getRuntime } from "../runtime.js";

// The authorizer entry points, one Lambda function each (infra/authorizers.ts). They share the
// GraphQL handler's runtime: the same configuration, keys, table and authenticator, built once
// per container at cold start.
const runtime = await getRuntime();

/** API Gateway HTTP API Lambda authorizer (REQUEST, payload 2.0, simple responses). */
export const apiGatewayAuthorizer = createApiGatewayAuthorizer(runtime);

/** AWS AppSync `AWS_LAMBDA` authorizer. */
export const appSyncAuthorizer = createAppSyncAuthorizer(runtime);
