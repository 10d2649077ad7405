import { notSignedIn, type Principal } from "@gatehouse/core";
import type { GraphQLContext } from "../context.js";

/** The caller, which shield has already required; checked again so no resolver trusts a rule alone. */
export function signedIn(context: GraphQLContext): Principal {
  if (context.principal === null) throw notSignedIn();
  return context.principal;
}
