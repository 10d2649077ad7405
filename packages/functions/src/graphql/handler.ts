import {
  handlers,
  type middleware,
  startServerAndCreateLambdaHandler,
} from "@as-integrations/aws-lambda";
import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { GraphQLSchema } from "graphql";
import { createBodyGuard } from "../http/body-guard.js";
import type { HttpHandler } from "../http/responses.js";
import type { Runtime } from "../runtime.js";
import { createContextBuilder, type TeamContextFunction } from "./context.js";
import { createGraphqlServer } from "./server.js";

const requestHandler = handlers.createAPIGatewayProxyEventV2RequestHandler();
type Middleware = middleware.MiddlewareFn<typeof requestHandler>;

/** A team's parts of the GraphQL handler (`createGatehouse`); Gatehouse's own without. */
export interface GraphqlHandlerParts {
  readonly schema?: GraphQLSchema;
  readonly context?: TeamContextFunction<unknown>;
}

/** `POST /graphql` and `GET /graphql`: Apollo Server behind the API Gateway v2 integration. */
export function createGraphqlHandler(runtime: Runtime, parts: GraphqlHandlerParts = {}) {
  const server = createGraphqlServer(runtime, parts.schema);
  const guardBody = createBodyGuard(runtime.config.maxBodyBytes);

  const guard: Middleware = async (event) =>
    guardBody(event) ??
    (async (result) => {
      // Tokens and personal data pass through here: no cache may keep any of it.
      result.headers = { ...result.headers, "cache-control": "no-store" };
    });

  const handle = startServerAndCreateLambdaHandler(server, requestHandler, {
    middleware: [guard],
    context: createContextBuilder(runtime, parts.context),
  });
  // The integration's type is the callback-style `Handler`; it always resolves a result.
  return ((event, context) =>
    handle(
      event,
      context,
      () => undefined,
    ) as Promise<APIGatewayProxyStructuredResultV2>) satisfies HttpHandler;
}
