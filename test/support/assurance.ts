/**
 * Helpers of the assurance tests: profile attributes written straight to the table (as the
 * enrolment and verification flows will), and one operation per root field of a schema, so
 * that a walk over the schema reaches every field, including fields added later.
 */
import { UpdateCommand } from "@aws-sdk/lib-dynamodb";
import { createDocumentClient } from "@gatehouse/core/dynamo";
import type { TestApp } from "@gatehouse/testing/http";
import {
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
} from "graphql";
import { afterAll, inject } from "vitest";
import { LOCAL } from "./dynamo.js";

/** A document client on the embedded DynamoDB, closed after the file's tests. */
export function profileWriter() {
  const db = createDocumentClient({ endpoint: inject("dynamoEndpoint"), ...LOCAL });
  afterAll(() => db.destroy());
  /** Sets attributes of a user's profile item, as a flow that owns them would. */
  return async (app: TestApp, userId: string, values: Record<string, unknown>) => {
    const names = Object.keys(values);
    await db.send(
      new UpdateCommand({
        TableName: app.tableName,
        Key: { pk: `USER#${userId}`, sk: "PROFILE" },
        UpdateExpression: `SET ${names.map((_, i) => `#n${i} = :v${i}`).join(", ")}`,
        ExpressionAttributeNames: Object.fromEntries(names.map((name, i) => [`#n${i}`, name])),
        ExpressionAttributeValues: Object.fromEntries(
          names.map((name, i) => [`:v${i}`, values[name]]),
        ),
        ConditionExpression: "attribute_exists(pk)",
      }),
    );
  };
}

/** A value of `type` that parses (its meaning is irrelevant: the gates answer first). */
function sample(type: GraphQLInputType): unknown {
  if (isNonNullType(type)) return sample(type.ofType);
  if (isListType(type)) return [sample(type.ofType)];
  const named = getNamedType(type);
  if (isEnumType(named)) return named.getValues()[0]?.value;
  if (isInputObjectType(named)) {
    return Object.fromEntries(
      Object.values(named.getFields())
        .filter((field) => isNonNullType(field.type))
        .map((field) => [field.name, sample(field.type)]),
    );
  }
  switch (named.name) {
    case "Int":
      return 1;
    case "Float":
      return 1.5;
    case "Boolean":
      return true;
    case "ID":
      return "00000000-0000-4000-8000-000000000000";
    case "JSON":
      return {};
    default:
      return "x";
  }
}

/** One root field as a document and variables: its required arguments, `__typename` of objects. */
export interface FieldOperation {
  readonly type: "Query" | "Mutation";
  readonly field: string;
  readonly document: string;
  readonly variables: Record<string, unknown>;
}

/** Every Query and Mutation field of `schema`, each as its own operation. */
export function rootOperations(schema: GraphQLSchema): FieldOperation[] {
  const roots = [
    ["Query", "query", schema.getQueryType()],
    ["Mutation", "mutation", schema.getMutationType()],
  ] as const;
  return roots.flatMap(([type, keyword, root]) =>
    Object.values(root?.getFields() ?? {}).map((field: GraphQLField<unknown, unknown>) => {
      const required = field.args.filter((arg) => isNonNullType(arg.type));
      const declared = required.map((arg) => `$${arg.name}: ${String(arg.type)}`).join(", ");
      const passed = required.map((arg) => `${arg.name}: $${arg.name}`).join(", ");
      const selection = isLeafType(getNamedType(field.type)) ? "" : " { __typename }";
      return {
        type,
        field: field.name,
        document: `${keyword}${declared ? ` Op(${declared})` : ""} { ${field.name}${passed ? `(${passed})` : ""}${selection} }`,
        variables: Object.fromEntries(required.map((arg) => [arg.name, sample(arg.type)])),
      };
    }),
  );
}
