import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import type { Config } from "../config.js";

/** Whether the account page is served: `GATEHOUSE_ACCOUNT_PAGE`, else on in development only. */
export function accountPageServed(config: Pick<Config, "accountPage" | "environment">): boolean {
  return (config.accountPage ?? (config.environment === "development" ? "on" : "off")) === "on";
}

/**
 * `/account` and everything under it: the account page when it is served, otherwise nothing
 * (404 as any unknown path). The page's module is imported on its first request only, so it
 * costs the `/graphql` path nothing at cold start.
 */
export function createAccountPageHandler(config: Pick<Config, "accountPage" | "environment">) {
  const served = accountPageServed(config);
  return async (path: string): Promise<APIGatewayProxyStructuredResultV2 | undefined> => {
    if (!served || (path !== "/account" && !path.startsWith("/account/"))) return undefined;
    const { serveAccountPage } = await import("../account/serve.js");
    return serveAccountPage(path);
  };
}
