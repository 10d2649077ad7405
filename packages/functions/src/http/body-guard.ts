import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { requestError } from "./responses.js";

function bodyBytes(event: APIGatewayProxyEventV2): number {
  if (!event.body) return 0;
  return Buffer.byteLength(event.body, event.isBase64Encoded ? "base64" : "utf8");
}

/**
 * The checks a body passes before GraphQL sees it: at most `maxBodyBytes`, and JSON that parses
 * when it says it is JSON. Returns the answer to a body that fails, or undefined.
 */
export function createBodyGuard(maxBodyBytes: number) {
  return (event: APIGatewayProxyEventV2): APIGatewayProxyStructuredResultV2 | undefined => {
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
    return undefined;
  };
}
