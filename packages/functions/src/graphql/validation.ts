import {
  GraphQLError,
  Kind,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from "graphql";

/** Root fields that check credentials: at most one per request. */
export const CREDENTIAL_FIELDS: ReadonlySet<string> = new Set(["login", "signUp", "refresh"]);

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
        new GraphQLError("Only one of login, signUp and refresh may be requested at a time.", {
          nodes: [operation],
        }),
      );
    }
  },
});
