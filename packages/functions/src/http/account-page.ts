import { serveAccountPage } from "../account/serve.js";
import {
  type AccountPageSettings,
  accountPageServed,
  isAccountPagePath,
} from "../account/settings.js";
import { type HttpHandler, json } from "./responses.js";

/**
 * The account page's own Lambda handler (a function of its own, so the page's HTML, CSS and
 * script are no part of the API's bundle and cold start): `/account` and everything under it
 * when the page is served, otherwise 404 as any unknown path.
 */
export function createAccountPageHandler(settings: AccountPageSettings): HttpHandler {
  const served = accountPageServed(settings);
  return async (event) => {
    const path = event.rawPath;
    const page = served && isAccountPagePath(path) ? serveAccountPage(path) : undefined;
    // RFC 9110 §15.5.6: 405 (with Allow) is about a resource that exists; a path that names
    // nothing is 404 whatever the method.
    if (page === undefined) return json(404, { error: "not_found" });
    const method = event.requestContext.http.method;
    if (method !== "GET" && method !== "HEAD") {
      return json(405, { error: "method_not_allowed" }, { allow: "GET, HEAD" });
    }
    return page;
  };
}
