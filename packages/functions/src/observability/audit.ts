import { createHash } from "node:crypto";
import type { Logger } from "@aws-lambda-powertools/logger";
import { type Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { ErrorCode, Role } from "@gatehouse/core";
import type { MUTATION_AUDIT, MutationName } from "../graphql/mutations.js";

/**
 * One event per security decision. Fields are chosen so an operator can follow an incident
 * without the log holding anything secret: user ids, domain codes and a hash of the email,
 * never a token, password, hash or raw address.
 */
export type AuditEvent = NamedAuditEvent | MutationOutcomeEvent;

/** The events with a name and fields of their own. */
type NamedAuditEvent =
  | { readonly type: "signup.succeeded"; readonly userId: string }
  | { readonly type: "signup.rate_limited"; readonly emailHash: string }
  | { readonly type: "login.succeeded"; readonly userId: string; readonly sessionId: string }
  | { readonly type: "login.failed"; readonly reason: ErrorCode; readonly emailHash: string }
  | { readonly type: "login.rate_limited"; readonly emailHash: string }
  | { readonly type: "token.rejected"; readonly reason: ErrorCode }
  | {
      readonly type: "token.revoked";
      readonly userId: string;
      readonly scope: "access_token" | "session" | "all_sessions" | "other_sessions";
      readonly by: string;
    }
  | { readonly type: "token.refreshed"; readonly userId: string; readonly sessionId: string }
  | { readonly type: "session.reuse_detected"; readonly userId: string; readonly sessionId: string }
  | {
      readonly type: "roles.changed";
      readonly userId: string;
      readonly roles: readonly Role[];
      readonly by: string;
    }
  | {
      readonly type: "account.disabled" | "account.enabled";
      readonly userId: string;
      readonly by: string;
    }
  | {
      readonly type: "user.created";
      readonly userId: string;
      readonly roles: readonly Role[];
      readonly by: string;
    };

/** A mutation field: each has an audit subject (`MUTATIONS` in graphql/mutations.ts). */
export type AuditedMutation = MutationName;

/** How a mutation ended, as the audit trail names it. */
export type MutationOutcome = "succeeded" | "refused" | "rate_limited" | "invalid" | "failed";

/** The event of a mutation outcome its resolver did not record more precisely. */
export interface MutationOutcomeEvent {
  // A mutation whose resolver records no event of its own for an outcome gets
  // `<subject>.<outcome>`, so every outcome of every mutation leaves one line.
  readonly type: `${(typeof MUTATION_AUDIT)[AuditedMutation]}.${MutationOutcome}`;
  /** The domain code of a failure (`INTERNAL` for an unexpected one). */
  readonly reason?: ErrorCode | "INTERNAL";
  /** The signed-in caller, if any. */
  readonly by?: string;
}

/** Records audit events: a structured log line each, and a count as an EMF metric. */
export interface Audit {
  record(event: AuditEvent): void;
}

// CloudWatch metric names per event; rejections are also counted per reason as a dimension-free
// name, so "TokenRejected.TOKEN_EXPIRED" can be graphed without a high-cardinality dimension.
const METRIC_NAMES: Record<NamedAuditEvent["type"], string> = {
  "signup.succeeded": "SignUps",
  "signup.rate_limited": "SignUpsRateLimited",
  "login.succeeded": "Logins",
  "login.failed": "LoginFailures",
  "login.rate_limited": "LoginsRateLimited",
  "token.rejected": "TokensRejected",
  "token.revoked": "TokensRevoked",
  "token.refreshed": "TokensRefreshed",
  "session.reuse_detected": "RefreshTokenReuse",
  "roles.changed": "RolesChanged",
  "user.created": "UsersCreated",
  "account.disabled": "AccountsDisabled",
  "account.enabled": "AccountsEnabled",
};

/** The metric of an event: its own name, or `Mutations.<outcome>` for a generic outcome. */
function metricName(type: AuditEvent["type"]): string {
  return type in METRIC_NAMES
    ? METRIC_NAMES[type as keyof typeof METRIC_NAMES]
    : `Mutations.${type.slice(type.indexOf(".") + 1)}`;
}

/** A stable pseudonym for an email: correlates attempts without logging the address. */
export function emailHash(email: string): string {
  return createHash("sha256")
    .update(`audit:${email.trim().toLowerCase()}`)
    .digest("base64url")
    .slice(0, 16);
}

/** Audit events as Powertools log lines and metrics. */
export function powertoolsAudit(logger: Logger, metrics: Metrics): Audit {
  return {
    record(event) {
      logger.info(event.type, { audit: event });
      metrics.addMetric(metricName(event.type), MetricUnit.Count, 1);
      if (event.type === "token.rejected") {
        metrics.addMetric(`TokensRejected.${event.reason}`, MetricUnit.Count, 1);
      }
    },
  };
}
