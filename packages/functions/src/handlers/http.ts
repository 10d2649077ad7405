import { createHttpHandler } from "../http/router.js";
import { getRuntime } from "../runtime.js";

/**
 * The Lambda entry point. Configuration, keys and clients are built here, at cold start, so
 * a misconfiguration fails the deploy's first invocation loudly rather than each request.
 */
export const handler = createHttpHandler(await getRuntime());
