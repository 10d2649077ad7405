import { createAccountPageHandler } from "../http/account-page.js";
import { loadAccountPageSettings } from "../page-runtime.js";

// The account page's entry point, a Lambda function of its own (infra/gatehouse.ts): the
// page's HTML, CSS and script stay out of the API's bundle, whose cold start compiles all of
// it. It reads two settings and nothing else: no table, keys or mail.

/** API Gateway v2 handler: `GET /account`, the pages mailed links open, and their assets. */
export const handler = createAccountPageHandler(loadAccountPageSettings());
