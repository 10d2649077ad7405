import type { AssuranceGates, AuthServices, Principal } from "@gatehouse/core";
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { gatesOf } from "../auth/assurance-gates.js";
import { authenticateRequest } from "../auth/authenticate-request.js";
import type { Audit } from "../observability/audit.js";
import type { GatehouseTable, Runtime } from "../runtime.js";
import { contextError } from "./errors.js";

/** Fresh per request: shield caches rule results in it, so it is never reused. */
export interface GraphQLContext<TApp = unknown> {
  readonly principal: Principal | null;
  /**
   * The caller's assurance gates (MFA, verified email, recent sign-in), decided once from the
   * token and the profile read with it; null when anonymous.
   */
  readonly assurance: AssuranceGates | null;
  readonly services: AuthServices;
  readonly requestId: string;
  /**
   * The client's address as API Gateway or the function URL saw the connection
   * (`requestContext.http.sourceIp`). Never from `X-Forwarded-For`, which any client can write.
   */
  readonly sourceIp: string;
  readonly audit: Audit;
  /** The team's own per-request services (`createGatehouse`'s `context`); undefined without. */
  readonly app: TApp;
}

/** A team's per-request context function: its services for one request of this caller. */
export type TeamContextFunction<TApp> = (request: {
  readonly principal: Principal | null;
  readonly event: APIGatewayProxyEventV2;
  /** Gatehouse's table and client, for the team's own items under its own key prefix. */
  readonly table: GatehouseTable;
}) => TApp | Promise<TApp>;

/**
 * Apollo's `context` function: the caller from `Authorization`, or, when the check fails, the
 * error the public table gives it (401 for a rejected token, 503 for the store, else 500).
 * A team's context function runs after the caller is known, once per request.
 */
export function createContextBuilder(runtime: Runtime, teamContext?: TeamContextFunction<unknown>) {
  return async (request: {
    readonly event: APIGatewayProxyEventV2;
    readonly context: Context;
  }): Promise<GraphQLContext> => {
    const { event, context } = request;
    const authentication = await authenticateRequest(runtime, event.headers.authorization);
    if (!authentication.ok) throw contextError(authentication.error);
    const { principal } = authentication;
    let app: unknown;
    try {
      app = await teamContext?.({ principal, event, table: runtime.table });
    } catch (error) {
      // The table's answer for a Gatehouse error, else masked: a team's message never leaks.
      throw contextError(error);
    }
    return {
      principal,
      assurance: principal === null ? null : gatesOf(principal, runtime, runtime.clock.now()),
      services: runtime.services,
      requestId: context.awsRequestId,
      sourceIp: event.requestContext.http.sourceIp,
      audit: runtime.telemetry.audit,
      app,
    };
  };
}
