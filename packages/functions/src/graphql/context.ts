import type { AuthServices, Principal } from "@gatehouse/core";
import type { Audit } from "../observability/audit.js";

/** Fresh per request: shield caches rule results in it, so it is never reused. */
export interface GraphQLContext {
  readonly principal: Principal | null;
  readonly services: AuthServices;
  readonly requestId: string;
  /**
   * The client's address as API Gateway or the function URL saw the connection
   * (`requestContext.http.sourceIp`). Never from `X-Forwarded-For`, which any client can write.
   */
  readonly sourceIp: string;
  readonly audit: Audit;
}
