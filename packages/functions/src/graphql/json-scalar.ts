import { GraphQLError, GraphQLScalarType, Kind, valueFromASTUntyped } from "graphql";

// The `JSON` scalar carries WebAuthn options and responses (WebAuthn Level 3 §5.1.8, §5.5's
// JSON types), which are objects: nothing else is accepted, in or out. Their size is bounded
// by the request body limit (GATEHOUSE_MAX_BODY_BYTES) before GraphQL parses anything.

const NOT_AN_OBJECT = "A JSON argument must be a JSON object.";

/**
 * The refusal of a JSON value. graphql-js puts the refused value into the message it builds
 * around this error; formatError answers with this message alone, so no input is echoed.
 */
export class JsonInputError extends GraphQLError {
  constructor() {
    super(NOT_AN_OBJECT, { extensions: { code: "BAD_USER_INPUT" } });
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function object(value: unknown): Record<string, unknown> {
  if (!isObject(value)) throw new JsonInputError();
  return value;
}

/** The `JSON` scalar: a JSON object, from variables or an inline object literal. */
export const JsonScalar = new GraphQLScalarType<Record<string, unknown>, object>({
  name: "JSON",
  serialize: (value) => object(value),
  parseValue: (value) => object(value),
  parseLiteral(ast, variables) {
    if (ast.kind !== Kind.OBJECT) throw new JsonInputError();
    return object(valueFromASTUntyped(ast, variables));
  },
});
