import { accountPageServed } from "../packages/functions/src/account/settings";
import type { FunctionDefaults } from "./functions";

/** The account page's entry (packages/functions/src/handlers/account-page.ts). */
export const ACCOUNT_PAGE_HANDLER = "packages/functions/src/handlers/account-page.handler";

/**
 * The account page's own function, routed for `/account` and everything under it, when the
 * stage serves the page: the same rule as the function's (`GATEHOUSE_ACCOUNT_PAGE` from the
 * settings or the shell, else on where `GATEHOUSE_ENV` is `development`), so a stage with the
 * page off has no function to reach. A value other than `on` or `off` makes none either (the
 * API function refuses it at cold start, naming it). The page is a
 * function apart so its HTML, CSS and script are no part of the API's bundle, whose cold start
 * compiles all of it (docs/performance.md). It reads no table, keys or mail: nothing linked.
 */
export function createAccountPage(
  api: sst.aws.ApiGatewayV2,
  defaults: FunctionDefaults,
): sst.aws.Function | null {
  const env: Readonly<Record<string, unknown>> = defaults.environment;
  const environment = env.GATEHOUSE_ENV === "production" ? "production" : "development";
  const page = env.GATEHOUSE_ACCOUNT_PAGE;
  const accountPage = typeof page === "string" ? page : undefined;
  if (!accountPageServed({ environment, accountPage })) return null;

  const fn = new sst.aws.Function("AccountPage", {
    handler: ACCOUNT_PAGE_HANDLER,
    runtime: defaults.runtime,
    architecture: defaults.architecture,
    // The two settings it reads, and no others: a mail URL's password has no business here.
    environment: {
      GATEHOUSE_ENV: environment,
      ...(accountPage === undefined ? {} : { GATEHOUSE_ACCOUNT_PAGE: accountPage }),
    },
    // Static strings from memory: the smallest size answers at once.
    memory: "128 MB",
    timeout: "5 seconds",
    nodejs: { esbuild: defaults.nodejs.esbuild },
  });
  // Every method, as the API's router answered them before the page had a function of its own:
  // GET and HEAD serve the page, any other method is 405 with Allow (RFC 9110 §15.5.6).
  for (const route of ["ANY /account", "ANY /account/{proxy+}"]) api.route(route, fn.arn);
  return fn;
}
