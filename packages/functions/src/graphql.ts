import {
  handlers,
  type middleware,
  startServerAndCreateLambdaHandler,
} from "@as-integrations/aws-lambda";
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { GraphQLContext } from "./graphql/context.js";
import { contextError } from "./graphql/errors.js";
import { rejectedTokenCode } from "./graphql/public-errors.js";
import { createGraphqlServer } from "./graphql/server.js";
import { type HttpHandler, requestError } from "./http-response.js";
import type { Runtime } from "./runtime.js";

const requestHandler = handlers.createAPIGatewayProxyEventV2RequestHandler();
type Middleware = middleware.MiddlewareFn<typeof requestHandler>;

function bodyBytes(event: APIGatewayProxyEventV2): number {
  if (!event.body) return 0;
  return Buffer.byteLength(event.body, event.isBase64Encoded ? "base64" : "utf8");
}

/** `POST /graphql` and `GET /graphql`: Apollo Server behind the API Gateway v2 integration. */
export function createGraphqlHandler(runtime: Runtime) {
  const server = createGraphqlServer(runtime);
  const { maxBodyBytes } = runtime.config;

  const guardBody: Middleware = async (event) => {
    if (bodyBytes(event) > maxBodyBytes) {
      return requestError("bodyTooLarge");
    }
    // The integration would answer malformed JSON with a bare parser message; answer in kind.
    const contentType = event.headers["content-type"] ?? "";
    if (event.body && contentType.startsWith("application/json")) {
      try {
        JSON.parse(
          event.isBase64Encoded ? Buffer.from(event.body, "base64").toString() : event.body,
        );
      } catch {
        return requestError("invalidJson");
      }
    }
    return async (result) => {
      // Tokens and personal data pass through here: no cache may keep any of it.
      result.headers = { ...result.headers, "cache-control": "no-store" };
    };
  };

  const handle = startServerAndCreateLambdaHandler(server, requestHandler, {
    middleware: [guardBody],
    async context({ event, context }): Promise<GraphQLContext> {
      try {
        const principal = await runtime.services.authenticator.authenticate(
          event.headers.authorization,
        );
        return {
          principal,
          services: runtime.services,
          requestId: context.awsRequestId,
          sourceIp: event.requestContext.http.sourceIp,
          audit: runtime.telemetry.audit,
        };
      } catch (error) {
        const reason = rejectedTokenCode(error);
        if (reason !== undefined)
          runtime.telemetry.audit.record({ type: "token.rejected", reason });
        throw contextError(error);
      }
    },
  });
  // The integration's type is the callback-style `Handler`; it always resolves a result.
  return ((event, context) =>
    handle(
      event,
      context,
      () => undefined,
    ) as Promise<APIGatewayProxyStructuredResultV2>) satisfies HttpHandler;
}
