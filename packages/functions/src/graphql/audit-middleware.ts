import { isGatehouseError } from "@gatehouse/core";
import type { IMiddlewareFunction, IMiddlewareTypeMap } from "graphql-middleware";
import type {
  Audit,
  AuditedMutation,
  MutationOutcome,
  MutationOutcomeEvent,
} from "../observability/audit.js";
import type { GraphQLContext } from "./context.js";
import { MUTATION_AUDIT } from "./mutations.js";
import { PUBLIC_ERRORS } from "./public-errors.js";

function outcomeOf(error: unknown): { outcome: MutationOutcome; reason: string } {
  if (!isGatehouseError(error)) return { outcome: "failed", reason: "INTERNAL" };
  return { outcome: PUBLIC_ERRORS[error.code].outcome, reason: error.code };
}

/** An audit that remembers whether anything was recorded through it. */
function watched(audit: Audit) {
  let recorded = false;
  return {
    audit: {
      record(event) {
        recorded = true;
        audit.record(event);
      },
    } satisfies Audit,
    recorded: () => recorded,
  };
}

/**
 * Wraps every audited mutation, outside the shield so that its refusals are seen too: when
 * the field ends (answer or error) without its resolver recording an event, this records
 * `<subject>.<outcome>`. Mutations run one after another (GraphQL spec §6.2.2), so each field
 * gets its own view of the context.
 */
export function auditMiddleware(): IMiddlewareTypeMap<unknown, GraphQLContext> {
  const around =
    (field: AuditedMutation): IMiddlewareFunction<unknown, GraphQLContext> =>
    async (resolve, parent, args, context: GraphQLContext, info) => {
      const view = watched(context.audit);
      const by = context.principal?.userId;
      const record = (outcome: MutationOutcome, reason?: string) => {
        if (view.recorded()) return;
        const event = {
          type: `${MUTATION_AUDIT[field]}.${outcome}`,
          ...(reason === undefined ? {} : { reason }),
          ...(by === undefined ? {} : { by }),
        } as MutationOutcomeEvent;
        context.audit.record(event);
      };
      try {
        const result: unknown = await resolve(
          parent,
          args,
          { ...context, audit: view.audit },
          info,
        );
        // Shield returns a refusal as the field's value rather than throwing it.
        if (result instanceof Error) {
          const { outcome, reason } = outcomeOf(result);
          record(outcome, reason);
        } else {
          record("succeeded");
        }
        return result;
      } catch (error) {
        const { outcome, reason } = outcomeOf(error);
        record(outcome, reason);
        throw error;
      }
    };
  return {
    Mutation: Object.fromEntries(
      (Object.keys(MUTATION_AUDIT) as AuditedMutation[]).map((field) => [field, around(field)]),
    ),
  };
}
