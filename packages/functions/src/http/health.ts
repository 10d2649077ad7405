import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { Runtime } from "../runtime.js";
import { json } from "./responses.js";

/** `GET /health`: 200 when the table answers, 503 otherwise, with no detail either way. */
export function createHealthHandler(runtime: Runtime) {
  return async (): Promise<APIGatewayProxyStructuredResultV2> =>
    (await runtime.isHealthy())
      ? json(200, { status: "ok" })
      : json(503, { status: "unavailable" });
}
