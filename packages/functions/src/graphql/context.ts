import type { AuthServices, Principal } from "@gatehouse/core";
import type { Audit } from "../observability/audit.js";

/** Fresh per request: shield caches rule results in it, so it is never reused. */
export interface GraphQLContext {
  readonly principal: Principal | null;
  readonly services: AuthServices;
  readonly requestId: string;
  readonly audit: Audit;
}
