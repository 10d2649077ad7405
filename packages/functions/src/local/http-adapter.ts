import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { APIGatewayProxyEventV2 } from "aws-lambda";
import { REQUEST_ERRORS } from "../graphql/public-errors.js";
import type { HttpHandler } from "../http/responses.js";
import { fakeLambdaContext } from "./lambda-context.mjs";

/**
 * Reads the body, keeping at most `limit` bytes; returns null when it is longer. The rest is
 * drained, not kept, so the connection stays usable for the 413 answer.
 */
async function readBody(request: IncomingMessage, limit: number): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size <= limit) chunks.push(chunk as Buffer);
  }
  return size > limit ? null : Buffer.concat(chunks);
}

/**
 * Builds the API Gateway v2 event AWS would deliver: lower-case header names, repeated
 * headers joined with commas (Node would silently drop a second `Authorization`), the raw
 * path and query string.
 */
export function toEvent(request: IncomingMessage, body: Buffer): APIGatewayProxyEventV2 {
  const url = new URL(request.url ?? "/", "http://localhost");
  const headers: Record<string, string> = {};
  for (const [name, values] of Object.entries(request.headersDistinct)) {
    if (values !== undefined && name !== "cookie") headers[name] = values.join(",");
  }
  const now = Date.now();
  const requestId = randomUUID();
  const method = request.method ?? "GET";
  return {
    version: "2.0",
    routeKey: "$default",
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    ...(request.headers.cookie ? { cookies: request.headers.cookie.split("; ") } : {}),
    requestContext: {
      accountId: "local",
      apiId: "local",
      domainName: url.host,
      domainPrefix: "localhost",
      http: {
        method,
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? "127.0.0.1",
        userAgent: request.headers["user-agent"] ?? "",
      },
      requestId,
      routeKey: "$default",
      stage: "$default",
      time: new Date(now).toUTCString(),
      timeEpoch: now,
    },
    ...(body.length > 0 ? { body: body.toString("utf8") } : {}),
    isBase64Encoded: false,
  };
}

/** A `node:http` request listener that serves the same Lambda handler `sst deploy` ships. */
export function httpListener(handler: HttpHandler, maxBodyBytes: number) {
  return async (request: IncomingMessage, response: ServerResponse) => {
    try {
      const body = await readBody(request, maxBodyBytes);
      // An oversized body is passed on as one byte over the limit: the handler answers 413
      // itself, exactly as it does behind API Gateway.
      const event = toEvent(request, body ?? Buffer.alloc(maxBodyBytes + 1, " "));
      const result = await handler(
        event,
        fakeLambdaContext({
          functionName: "gatehouse-local",
          awsRequestId: event.requestContext.requestId,
          logGroupName: "local",
          logStreamName: "local",
          invokedFunctionArn: "arn:aws:lambda:local:000000000000:function:gatehouse-local",
        }),
      );
      const payload = result.body ?? "";
      response.writeHead(result.statusCode ?? 200, {
        ...result.headers,
        ...(result.cookies?.length ? { "set-cookie": result.cookies } : {}),
      });
      response.end(result.isBase64Encoded ? Buffer.from(payload, "base64") : payload);
    } catch {
      const { status, code, message } = REQUEST_ERRORS.unexpected;
      if (!response.headersSent) {
        response.writeHead(status, {
          "content-type": "application/json",
          "cache-control": "no-store",
        });
      }
      response.end(JSON.stringify({ errors: [{ message, extensions: { code } }] }));
    }
  };
}
