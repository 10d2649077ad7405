import {
  GraphQLError,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from "graphql";
import { CREDENTIAL_FIELDS } from "./mutations.js";

/** "a, b, c and d": how the refusal names the fields. */
function listed(names: readonly string[]): string {
  return names.length < 2 ? names.join("") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

const ONE_CREDENTIAL_FIELD = `Only one of ${listed([...CREDENTIAL_FIELDS])} may be requested at a time.`;

/**
 * Refuses an operation that selects more than one credential field, counted through aliases,
 * fragments and inline fragments, so one request cannot carry a batch of password guesses.
 */
export const singleCredentialField: ValidationRule = (context: ValidationContext) => ({
  OperationDefinition(operation) {
    const seen = new Set<string>();
    const count = (selectionSet: SelectionSetNode): number => {
      let total = 0;
      for (const selection of selectionSet.selections) {
        if (selection.kind === Kind.FIELD) {
          if (CREDENTIAL_FIELDS.has(selection.name.value)) total++;
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          total += count(selection.selectionSet);
        } else {
          const name = selection.name.value;
          const fragment = context.getFragment(name);
          if (fragment != null && !seen.has(name)) {
            seen.add(name);
            total += count(fragment.selectionSet);
          }
        }
      }
      return total;
    };
    if (operation.operation === "mutation" && count(operation.selectionSet) > 1) {
      context.reportError(
        new GraphQLError(ONE_CREDENTIAL_FIELD, {
          nodes: [operation],
        }),
      );
    }
  },
});
