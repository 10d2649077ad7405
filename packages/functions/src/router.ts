import { createGraphqlHandler } from "./graphql.js";
import { createHealthHandler } from "./health.js";
import { graphqlError, type HttpHandler, json } from "./http-response.js";
import type { Runtime } from "./runtime.js";
import { createWellKnownHandler } from "./well-known.js";

/** One Lambda for every route, so one warm container serves them all. Routes API Gateway v2 / function URL events to the GraphQL, well-known and health handlers. */
export function createHttpHandler(runtime: Runtime): HttpHandler {
  const graphql = createGraphqlHandler(runtime);
  const wellKnown = createWellKnownHandler(runtime);
  const health = createHealthHandler(runtime);

  return async (event, context) => {
    const path = event.rawPath;
    const method = event.requestContext.http.method;
    if (path === "/graphql") {
      if (method !== "GET" && method !== "POST") {
        return json(405, graphqlError("Use GET or POST.", "METHOD_NOT_ALLOWED"), {
          allow: "GET, POST",
        });
      }
      return graphql(event, context);
    }
    if (method !== "GET" && method !== "HEAD") {
      return json(405, { error: "method_not_allowed" }, { allow: "GET, HEAD" });
    }
    if (path === "/health") return health();
    return (await wellKnown(path)) ?? json(404, { error: "not_found" });
  };
}
