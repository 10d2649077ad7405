import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from "aws-lambda";

/** A Lambda handler for API Gateway v2 / function URL events. */
export type HttpHandler = (
  event: APIGatewayProxyEventV2,
  context: Context,
) => Promise<APIGatewayProxyStructuredResultV2>;

/** A JSON response; `no-store` unless the caller says how it may be cached. */
export function json(
  statusCode: number,
  body: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  return {
    statusCode,
    headers: { "content-type": "application/json", "cache-control": "no-store", ...headers },
    body: JSON.stringify(body),
  };
}

/** The GraphQL-shaped body of an error answered before GraphQL runs. */
export function graphqlError(message: string, code: string) {
  return { errors: [{ message, extensions: { code } }] };
}
