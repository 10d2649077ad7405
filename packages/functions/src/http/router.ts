import { createGraphqlHandler, type GraphqlHandlerParts } from "../graphql/handler.js";
import type { Runtime } from "../runtime.js";
import { createCors } from "./cors.js";
import { createHealthHandler } from "./health.js";
import { type HttpHandler, json, requestError } from "./responses.js";
import { createWellKnownHandler } from "./well-known.js";

/**
 * One Lambda for every route, so one warm container serves them all: routes API Gateway v2 /
 * function URL events to the GraphQL, well-known and health handlers, with each invocation's
 * logs tagged and its metrics flushed.
 */
export function createHttpHandler(runtime: Runtime, parts: GraphqlHandlerParts = {}): HttpHandler {
  const graphql = createGraphqlHandler(runtime, parts);
  const wellKnown = createWellKnownHandler(runtime);
  const health = createHealthHandler(runtime);
  const cors = createCors(runtime.config.corsOrigins);

  const { telemetry } = runtime;
  return async (event, context) => {
    telemetry.begin(event.requestContext.requestId, context);
    try {
      return await route(event, context);
    } finally {
      telemetry.end();
    }
  };

  async function route(...[event, context]: Parameters<HttpHandler>) {
    const path = event.rawPath;
    const method = event.requestContext.http.method;
    if (path === "/graphql") {
      // Preflights are answered here, so CORS is the same behind API Gateway (whose own CORS
      // is off, see infra/gatehouse.ts), a function URL and `npm start`.
      if (method === "OPTIONS" && cors.enabled) return cors.preflight(event);
      if (method !== "GET" && method !== "POST") {
        return cors.decorate(
          event,
          requestError("methodNotAllowed", {
            allow: cors.enabled ? "GET, POST, OPTIONS" : "GET, POST",
          }),
        );
      }
      return cors.decorate(event, await graphql(event, context));
    }
    // RFC 9110 §15.5.6: 405 (with Allow) is about a resource that exists; a path that names
    // nothing is 404 whatever the method.
    const document = path === "/health" ? undefined : await wellKnown(path);
    if (path !== "/health" && document === undefined) return json(404, { error: "not_found" });
    if (method !== "GET" && method !== "HEAD") {
      return json(405, { error: "method_not_allowed" }, { allow: "GET, HEAD" });
    }
    return document ?? health();
  }
}
