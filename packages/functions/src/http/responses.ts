import type {
  APIGatewayProxyEventV2,
  APIGatewayProxyStructuredResultV2,
  Context,
} from "aws-lambda";
import { REQUEST_ERRORS, type RequestError } from "../graphql/public-errors.js";

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

/** A failure no domain code decides, from the table: its status and a GraphQL-shaped body. */
export function requestError(
  kind: RequestError,
  headers: Record<string, string> = {},
): APIGatewayProxyStructuredResultV2 {
  const { status, message, code } = REQUEST_ERRORS[kind];
  return json(status, { errors: [{ message, extensions: { code } }] }, headers);
}
