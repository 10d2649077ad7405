import { fakeLambdaContext } from "@gatehouse/functions/local";
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";

/** What a test says about one HTTP request. */
export interface RequestSpec {
  readonly method?: string;
  readonly path?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly query?: string;
  /** The connection's address as AWS reports it (`requestContext.http.sourceIp`). */
  readonly sourceIp?: string;
}

let counter = 0;

/** An API Gateway v2 (payload 2.0) / function URL event, as AWS delivers it. */
export function httpEvent(spec: RequestSpec = {}): APIGatewayProxyEventV2 {
  const method = spec.method ?? "GET";
  const path = spec.path ?? "/";
  const requestId = `req-${++counter}`;
  const now = Date.now();
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: path,
    rawQueryString: spec.query ?? "",
    // API Gateway lower-cases header names and joins repeated ones with commas.
    headers: Object.fromEntries(
      Object.entries(spec.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]),
    ),
    requestContext: {
      accountId: "123456789012",
      apiId: "local",
      domainName: "localhost",
      domainPrefix: "localhost",
      http: {
        method,
        path,
        protocol: "HTTP/1.1",
        sourceIp: spec.sourceIp ?? "127.0.0.1",
        userAgent: "gatehouse-tests",
      },
      requestId,
      routeKey: "$default",
      stage: "$default",
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    ...(spec.body === undefined ? {} : { body: spec.body }),
    isBase64Encoded: false,
  };
}

/** A GraphQL POST event; `token` becomes a bearer `Authorization` header. */
export function graphqlEvent(
  query: string,
  variables: Record<string, unknown> = {},
  options: {
    readonly token?: string;
    readonly headers?: Readonly<Record<string, string>>;
    readonly sourceIp?: string;
  } = {},
): APIGatewayProxyEventV2 {
  return httpEvent({
    method: "POST",
    path: "/graphql",
    ...(options.sourceIp === undefined ? {} : { sourceIp: options.sourceIp }),
    headers: {
      "content-type": "application/json",
      ...(options.token === undefined ? {} : { authorization: `Bearer ${options.token}` }),
      ...options.headers,
    },
    body: JSON.stringify({ query, variables }),
  });
}

/** A minimal Lambda context, numbered with the events. */
export function lambdaContext(): Context {
  return fakeLambdaContext({
    functionName: "gatehouse-test",
    awsRequestId: `aws-${++counter}`,
    logStreamName: "test",
  });
}
