// The `Role` enum follows the configured role set (GATEHOUSE_ROLES): schema.graphql declares
// the default `enum Role { USER ADMIN }`, and every configured set holds both, so the set's
// other roles are an extension of it and the enum's values are exactly the set.
import { DEFAULT_ROLES, type RoleSet } from "@gatehouse/core";
import { GraphQLEnumType, GraphQLError, type GraphQLSchema } from "graphql";

/** SDL adding the set's roles beyond USER and ADMIN to the `Role` enum; none for the default set. */
export function roleTypeDefs(roles: RoleSet): string[] {
  const extra = roles.names.filter((name) => !DEFAULT_ROLES.includes(name));
  return extra.length === 0 ? [] : [`extend enum Role { ${extra.join(" ")} }`];
}

/**
 * Under a configured set, makes a variable naming an unknown role fail with the set's own
 * message, which lists the roles (GraphQL's only says the value is not in the enum); still
 * `BAD_USER_INPUT`. The default set keeps GraphQL's message: the API answers as it always has.
 */
export function explainUnknownRoles(schema: GraphQLSchema, roles: RoleSet): void {
  const type = schema.getType("Role");
  if (roleTypeDefs(roles).length === 0 || !(type instanceof GraphQLEnumType)) return;
  const parseValue = type.parseValue.bind(type);
  type.parseValue = (value: unknown) => {
    if (typeof value === "string" && !roles.has(value)) {
      // `accept` fails with the message that names the role and lists the set.
      try {
        roles.accept([value]);
      } catch (error) {
        throw new GraphQLError((error as Error).message);
      }
    }
    return parseValue(value);
  };
}
