import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";

/** Request headers a browser client may send: the token, JSON, and Apollo's CSRF headers. */
export const CORS_ALLOW_HEADERS =
  "authorization, content-type, apollo-require-preflight, x-apollo-operation-name";
/** How long a browser may reuse a preflight answer, seconds (Chromium caps it at 7200). */
export const CORS_MAX_AGE_SECONDS = 600;

/** CORS for `/graphql`, from the configured exact origins. */
export interface Cors {
  /** True when any origin is configured; without one, browsers get same-origin only. */
  readonly enabled: boolean;
  /** The answer to a preflight (`OPTIONS`): 204, with permission only for a listed origin. */
  preflight(event: APIGatewayProxyEventV2): APIGatewayProxyStructuredResultV2;
  /** Adds the CORS headers an actual response needs for this request's origin. */
  decorate(
    event: APIGatewayProxyEventV2,
    response: APIGatewayProxyStructuredResultV2,
  ): APIGatewayProxyStructuredResultV2;
}

/**
 * Builds CORS from exact origins. There is never `Access-Control-Allow-Credentials`: clients
 * authenticate with a bearer token they attach themselves, not with cookies, so a cross-origin
 * request needs no credentials mode, and without it a page on another origin can never ride
 * on anything the browser holds for us. An unlisted origin gets no `Access-Control-*` header
 * at all, so the browser withholds the response from it.
 */
export function createCors(origins: readonly string[]): Cors {
  const allowed = new Set(origins);
  const enabled = allowed.size > 0;
  // API Gateway lower-cases header names; the Origin value is compared exactly.
  const listedOrigin = (event: APIGatewayProxyEventV2) => {
    const origin = event.headers.origin;
    return origin !== undefined && allowed.has(origin) ? origin : undefined;
  };
  // The answer depends on Origin, so any cache between must key on it (Fetch §3.2.5 / CORS).
  type Headers = NonNullable<APIGatewayProxyStructuredResultV2["headers"]>;
  const vary = (headers: Headers = {}): Headers => {
    const existing = headers.vary ?? headers.Vary;
    const value = existing === undefined ? "Origin" : `${existing}, Origin`;
    return { ...headers, vary: value };
  };

  return {
    enabled,
    preflight(event) {
      const origin = listedOrigin(event);
      return {
        statusCode: 204,
        headers: vary({
          "cache-control": "no-store",
          ...(origin === undefined
            ? {}
            : {
                "access-control-allow-origin": origin,
                "access-control-allow-methods": "GET, POST",
                "access-control-allow-headers": CORS_ALLOW_HEADERS,
                "access-control-max-age": String(CORS_MAX_AGE_SECONDS),
              }),
        }),
      };
    },
    decorate(event, response) {
      if (!enabled) return response;
      const origin = listedOrigin(event);
      const headers = vary(response.headers);
      if (origin !== undefined) {
        headers["access-control-allow-origin"] = origin;
        // A browser client reads the 401's challenge to know its token is no longer good.
        headers["access-control-expose-headers"] = "www-authenticate";
      }
      return { ...response, headers };
    },
  };
}
