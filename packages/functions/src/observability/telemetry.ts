import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import type { Context } from "aws-lambda";
import { type Audit, powertoolsAudit } from "./audit.js";

/** The container's logger, metrics and audit trail, built once. */
export interface Telemetry {
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly audit: Audit;
  /**
   * Tags what follows with this invocation's Lambda context (when there is one) and its
   * correlation id (none when the event has no request id).
   */
  begin(requestId: string | undefined, context?: Context): void;
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
    begin(requestId, context) {
      if (context !== undefined) logger.addContext(context);
      // Overwritten on every invocation, so nothing of one request tags the next.
      if (requestId === undefined) logger.removeKeys(["correlation_id"]);
      else logger.appendKeys({ correlation_id: requestId });
    },
    end() {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    },
  };
}
