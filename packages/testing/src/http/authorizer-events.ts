import type { APIGatewayRequestAuthorizerEventV2, AppSyncAuthorizerEvent } from "aws-lambda";

// Authorizer events in the shapes AWS documents: "Control access to HTTP APIs with AWS Lambda
// authorizers" (payload format 2.0) and "Configuring authorization and authentication to
// secure your GraphQL APIs" (AWS_LAMBDA authorization, request format).

let counter = 0;

/**
 * The event API Gateway sends an HTTP API Lambda REQUEST authorizer, payload format 2.0, with
 * identity source `$request.header.Authorization`. Omit `authorization` for a request without
 * the header: API Gateway refuses that itself when the header is a configured identity source,
 * but an authorizer set up without identity sources is called, and must deny.
 */
export function httpApiAuthorizerEvent(
  authorization?: string,
  request: { readonly method?: string; readonly path?: string } = {},
): APIGatewayRequestAuthorizerEventV2 {
  const method = request.method ?? "GET";
  const path = request.path ?? "/orders";
  const now = Date.now();
  return {
    version: "2.0",
    type: "REQUEST",
    routeArn: `arn:aws:execute-api:us-east-1:123456789012:abcdef123/$default/${method}${path}`,
    identitySource: authorization === undefined ? [] : [authorization],
    routeKey: `${method} ${path}`,
    rawPath: path,
    rawQueryString: "",
    cookies: [],
    // Header names arrive lower-cased; a repeated header arrives joined with commas.
    headers: {
      accept: "application/json",
      host: "abcdef123.execute-api.us-east-1.amazonaws.com",
      "user-agent": "gatehouse-tests",
      ...(authorization === undefined ? {} : { authorization }),
    },
    queryStringParameters: {},
    requestContext: {
      accountId: "123456789012",
      apiId: "abcdef123",
      domainName: "abcdef123.execute-api.us-east-1.amazonaws.com",
      domainPrefix: "abcdef123",
      http: {
        method,
        path,
        protocol: "HTTP/1.1",
        sourceIp: "203.0.113.7",
        userAgent: "gatehouse-tests",
      },
      requestId: `authz-${++counter}`,
      routeKey: `${method} ${path}`,
      stage: "$default",
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    pathParameters: {},
    stageVariables: {},
  };
}

/** The event AppSync sends an `AWS_LAMBDA` authorizer: the `Authorization` header as sent. */
export function appSyncAuthorizerEvent(
  authorizationToken: string,
  query = "query Me { me { id } }",
): AppSyncAuthorizerEvent {
  const operationName = /^\s*(?:query|mutation|subscription)\s+(\w+)/.exec(query)?.[1];
  return {
    authorizationToken,
    requestContext: {
      apiId: "giy7kumfmvcqvbedntjwjvagii",
      accountId: "123456789012",
      requestId: `b80ed838-14c6-4500-b4c3-${String(++counter).padStart(12, "0")}`,
      queryString: query,
      ...(operationName === undefined ? {} : { operationName }),
      variables: {},
    },
    requestHeaders: {
      authorization: authorizationToken,
      "content-type": "application/json",
      host: "giy7kumfmvcqvbedntjwjvagii.appsync-api.us-east-1.amazonaws.com",
    },
  };
}
