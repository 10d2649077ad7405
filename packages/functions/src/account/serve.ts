import type { APIGatewayProxyStructuredResultV2 } from "aws-lambda";
import { PAGE_ASSETS, PAGE_HTML } from "./__generated__/page.js";

/**
 * The page's policy: its own script and styles only, nothing inline and no `eval` (so an
 * injected `<script>` or `on*=` attribute does not run), no framing (clickjacking), no form
 * posts anywhere (the forms are sent by the script, as JSON to `/graphql`), and requests only
 * to its own origin. W3C CSP Level 3; OWASP Content Security Policy Cheat Sheet.
 */
export const ACCOUNT_PAGE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** The paths that answer the page itself: the account and the three pages mail links open. */
const PAGES = new Set([
  "/account",
  "/account/",
  "/account/verify-email",
  "/account/reset-password",
  "/account/confirm-email",
]);

const ASSETS = "/account/assets/";

/** Headers on everything under `/account`. */
const COMMON = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
};

/** The account page's response for `path`, or undefined when the path names nothing. */
export function serveAccountPage(path: string): APIGatewayProxyStructuredResultV2 | undefined {
  if (PAGES.has(path)) {
    return {
      statusCode: 200,
      headers: {
        ...COMMON,
        "content-type": "text/html; charset=utf-8",
        // The HTML names the current assets, so it must never be served stale.
        "cache-control": "no-store",
        "content-security-policy": ACCOUNT_PAGE_CSP,
        "x-frame-options": "DENY",
        "cross-origin-opener-policy": "same-origin",
      },
      body: PAGE_HTML,
    };
  }
  const name = path.startsWith(ASSETS) ? path.slice(ASSETS.length) : "";
  // Own names only: `__proto__` or `constructor` must not find anything.
  const asset = Object.hasOwn(PAGE_ASSETS, name) ? PAGE_ASSETS[name] : undefined;
  if (asset === undefined) return undefined;
  return {
    statusCode: 200,
    headers: {
      ...COMMON,
      "content-type": asset.type,
      // The name holds a hash of the content: a changed file is a new name (RFC 8246).
      "cache-control": "public, max-age=31536000, immutable",
    },
    body: asset.body,
  };
}
