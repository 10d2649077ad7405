import type { Principal } from "@gatehouse/core";
import type {
  APIGatewayRequestAuthorizerEventV2,
  AppSyncAuthorizerEvent,
  Context,
} from "aws-lambda";
import { fieldsDeniedTo } from "../graphql/access.js";
import type { Runtime } from "../runtime.js";
import { gatesOf } from "./assurance-gates.js";
import { authenticateRequest } from "./authenticate-request.js";

/**
 * Who the caller is, as both authorizers hand it on. Every value is a string: an authorizer's
 * context values are meant to be primitives (API Gateway exposes each as
 * `$context.authorizer.<key>` for parameter mapping), so `roles` is one comma-separated string
 * such as "USER,ADMIN" rather than a list.
 */
export interface CallerContext {
  readonly sub: string;
  readonly roles: string;
  readonly sid: string;
  readonly jti: string;
  /** The token's `auth_time` (epoch seconds, as a decimal string), `acr` and `amr` (comma-separated). */
  readonly auth_time: string;
  readonly acr: string;
  readonly amr: string;
}

/** An HTTP API Lambda authorizer's simple response (payload format 2.0). */
export type ApiGatewayAuthorizerResult =
  | { readonly isAuthorized: true; readonly context: CallerContext }
  | { readonly isAuthorized: false };

/** An AppSync `AWS_LAMBDA` authorizer's response. */
export type AppSyncAuthorizerResult =
  | {
      readonly isAuthorized: true;
      readonly resolverContext: CallerContext;
      readonly deniedFields: string[];
      readonly ttlOverride: number;
    }
  | { readonly isAuthorized: false; readonly ttlOverride: 0 };

// RFC 6750 §2.1 names the scheme; an AppSync client sends whatever it was given as the
// `Authorization` header, which for a Lambda authorizer is often the bare token.
const SCHEME = /^bearer /i;

function callerContext(principal: Principal): CallerContext {
  return {
    sub: principal.userId,
    roles: principal.roles.join(","),
    sid: principal.sessionId,
    jti: principal.jti,
    // The backend behind the gateway decides its own assurance rules from these.
    auth_time: String(principal.authTime),
    acr: principal.acr,
    amr: principal.amr.join(","),
  };
}

/**
 * The value at `path` inside an event, or undefined. AWS sends the documented shapes, but a
 * misconfigured integration or a hand-made test invoke can send anything, and an authorizer
 * denies rather than throws.
 */
function field(event: unknown, ...path: string[]): unknown {
  let value = event;
  for (const key of path) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * The one check both authorizers make, the GraphQL context builder's (authenticateRequest).
 * It never throws: no token, a rejected token, an unreachable store and any unexpected error
 * all come back as null, so the gateway denies (fail closed) and no error text, the store's
 * included, reaches AWS or a client. `authorization` and `requestId` are read from the event
 * as they come: an event without a request id is malformed and denied.
 */
function createCheck(runtime: Runtime) {
  const { logger } = runtime.telemetry;
  return async (authorization: unknown, requestId: unknown, context?: Context) => {
    const correlationId = typeof requestId === "string" ? requestId : undefined;
    runtime.telemetry.begin(correlationId, context);
    if (correlationId === undefined) {
      logger.error("Malformed authorizer event; denied");
      return null;
    }
    try {
      const authentication = await authenticateRequest(runtime, authorization);
      if (authentication.ok) {
        const { principal } = authentication;
        if (principal === null) return null;
        // A token that has not finished signing in (a second factor owed) or whose address must
        // be verified first reaches only Gatehouse's own open fields; a route behind the
        // gateway is none of them, so it is denied, as GraphQL answers MFA_REQUIRED or
        // EMAIL_NOT_VERIFIED. The recent-sign-in rule is the backend's: auth_time is passed on.
        const gates = gatesOf(principal, runtime, runtime.clock.now());
        return gates.secondFactorOwed || gates.emailUnverified ? null : principal;
      }
      const { failure, error } = authentication;
      if (failure === "unavailable") {
        logger.error("Revocation store unavailable; denied");
      } else if (failure === "unexpected") {
        logger.error("Unexpected error", { name: error instanceof Error ? error.name : "unknown" });
      }
      return null;
    } finally {
      runtime.telemetry.end();
    }
  };
}

/**
 * An API Gateway HTTP API Lambda REQUEST authorizer (payload 2.0, simple responses). It reads
 * the `Authorization` header as the GraphQL handler does; without one the caller is denied.
 */
export function createApiGatewayAuthorizer(runtime: Runtime) {
  const check = createCheck(runtime);
  return async (
    event: APIGatewayRequestAuthorizerEventV2,
    context?: Context,
  ): Promise<ApiGatewayAuthorizerResult> => {
    const principal = await check(
      field(event, "headers", "authorization"),
      field(event, "requestContext", "requestId"),
      context,
    );
    return principal === null
      ? { isAuthorized: false }
      : { isAuthorized: true, context: callerContext(principal) };
  };
}

/**
 * An AppSync `AWS_LAMBDA` authorizer. `deniedFields` are the admin-only fields of the shield's
 * rule map when the caller is not ADMIN (with a team's API, `deniedTo` adds its fields); `ttlOverride` is GATEHOUSE_APPSYNC_AUTH_TTL (0 by
 * default, so AppSync asks again on every request and a revocation applies at once), and
 * never more than the token's remaining life.
 */
export function createAppSyncAuthorizer(
  runtime: Runtime,
  deniedTo: (principal: Principal) => string[] = fieldsDeniedTo,
) {
  const check = createCheck(runtime);
  const maxTtl = runtime.config.appSyncAuthorizerTtlSeconds;
  return async (
    event: AppSyncAuthorizerEvent,
    context?: Context,
  ): Promise<AppSyncAuthorizerResult> => {
    const token = field(event, "authorizationToken");
    const authorization =
      typeof token !== "string" || token === ""
        ? undefined
        : SCHEME.test(token)
          ? token
          : `Bearer ${token}`;
    const principal = await check(
      authorization,
      field(event, "requestContext", "requestId"),
      context,
    );
    if (principal === null) return { isAuthorized: false, ttlOverride: 0 };
    const remaining = principal.expiresAt - Math.floor(runtime.clock.now() / 1000);
    return {
      isAuthorized: true,
      resolverContext: callerContext(principal),
      deniedFields: deniedTo(principal),
      ttlOverride: Math.max(0, Math.min(maxTtl, remaining)),
    };
  };
}
