import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import type { APIGatewayProxyEventV2, Context } from "aws-lambda";
import { type Audit, powertoolsAudit } from "./audit.js";

/** The container's logger, metrics and audit trail, built once. */
export interface Telemetry {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly audit: Audit;
  /** Tags what follows with this invocation's Lambda context and correlation id. */
  begin(event: APIGatewayProxyEventV2, context: Context): void;
  /** Flushes the invocation's metrics as one EMF line. */
  end(): void;
}

/** Builds telemetry for service `gatehouse`. */
export function createTelemetry(): Telemetry {
  const logger = new Logger({ serviceName: "gatehouse" });
  const metrics = new Metrics({ namespace: "Gatehouse", serviceName: "gatehouse" });
  return {
    logger,
    metrics,
    audit: powertoolsAudit(logger, metrics),
    begin(event, context) {
      logger.addContext(context);
      // Overwritten on every invocation, so nothing of one request tags the next.
      logger.appendKeys({ correlation_id: event.requestContext.requestId });
    },
    end() {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    },
  };
}
