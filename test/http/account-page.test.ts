/**
 * The account page's routes through its own Lambda handler: `/account`, the pages mailed
 * links open, their assets, their security headers, and `GATEHOUSE_ACCOUNT_PAGE`
 * (docs/contract.md, "Precisions", "Account page"); and the API's handler and bundle, which
 * hold none of it. The page itself, in a browser, is in test/browser/account-page.test.ts.
 */

import { readFile } from "node:fs/promises";
import { httpEvent, type TestApp } from "@gatehouse/testing/http";
import { beforeAll, describe, expect, it } from "vitest";
import { bundle } from "../../scripts/ci/bundle.js";
import { dynamoApp } from "../support/gql.js";
import { type PageApp, pageApp } from "../support/page.js";

const PAGES = [
  "/account",
  "/account/",
  "/account/verify-email",
  "/account/reset-password",
  "/account/confirm-email",
];

const get = (app: PageApp | TestApp, path: string, method = "GET") =>
  app.invoke(httpEvent({ method, path }));

/** The `src`/`href` of the page's scripts and stylesheets. */
function assetsOf(html: string): string[] {
  return [...html.matchAll(/<(?:script|link rel="stylesheet")[^>]*(?:src|href)="([^"]+)"/g)].map(
    ([, url]) => url ?? "",
  );
}

let app: PageApp;

beforeAll(async () => {
  app = await pageApp();
});

describe("the account page", () => {
  it.each(PAGES)("serves GET %s as HTML with the page's security headers", async (path) => {
    const response = await get(app, path);

    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(response.headers["cache-control"]).toBe("no-store");
    expect(response.headers["referrer-policy"]).toBe("no-referrer");
    expect(response.headers["x-content-type-options"]).toBe("nosniff");
    expect(response.headers["content-security-policy"]).toBe(
      "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; " +
        "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
    );
    expect(response.text).toContain("<title>Your account · Gatehouse</title>");
  });

  it("holds no inline script, event handler attribute or inline style", async () => {
    const html = (await get(app, "/account")).text;

    const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map(([tag]) => tag);
    expect(scripts.length).toBeGreaterThan(0);
    for (const tag of scripts) expect(tag).toMatch(/\bsrc="\/account\/assets\/[^"]+"/);
    expect(html).not.toMatch(/<script\b[^>]*>[^<]+<\/script>/);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).not.toMatch(/\sstyle=|<style\b/i);
    expect(html).not.toContain("javascript:");
  });

  it("labels every form field and gives the password fields the right autocomplete", async () => {
    const html = (await get(app, "/account")).text;

    const inputs = [...html.matchAll(/<input\b[^>]*>/g)].map(([tag]) => tag);
    for (const input of inputs.filter((tag) => !/\shidden\b/.test(tag))) {
      const id = /\sid="([^"]+)"/.exec(input)?.[1];
      expect(html, input).toContain(`<label for="${id}">`);
      expect(input).toMatch(/\sautocomplete="[a-z-]+( [a-z-]+)*"/);
    }
    expect(html).toMatch(/id="login-password"[^>]*autocomplete="current-password"/);
    expect(html).toMatch(/id="signup-password"[^>]*autocomplete="new-password"/);
    expect(html).toMatch(/id="reset-password"[^>]*autocomplete="new-password"/);
    // Passkeys in the email field's autofill too (WebAuthn Level 3 §5.1.4, conditional mediation).
    expect(html).toMatch(/id="login-email"[^>]*autocomplete="username webauthn"/);
  });

  it("serves its assets under content-hashed names, cacheable for good", async () => {
    const assets = assetsOf((await get(app, "/account")).text);
    expect(assets).toHaveLength(2);

    for (const path of assets) {
      expect(path).toMatch(/^\/account\/assets\/(app|style)\.[0-9a-f]{16}\.(js|css)$/);
      const response = await get(app, path);
      expect(response.status).toBe(200);
      expect(response.headers["content-type"]).toBe(
        path.endsWith(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8",
      );
      expect(response.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
      expect(response.headers["x-content-type-options"]).toBe("nosniff");
      expect(response.text.length).toBeGreaterThan(100);
    }
  });

  it.each([
    "/account/assets/",
    "/account/assets/app.js",
    "/account/assets/__proto__",
    "/account/assets/constructor",
    "/account/nope",
    "/account/verify-email/extra",
    "/accounts",
  ])("answers 404 for GET %s", async (path) => {
    const response = await get(app, path);

    expect(response.status).toBe(404);
    expect(response.body).toEqual({ error: "not_found" });
  });

  it("answers 405 with Allow for a method the page does not take", async () => {
    const response = await get(app, "/account", "POST");

    expect(response.status).toBe(405);
    expect(response.headers.allow).toBe("GET, HEAD");
  });
});

describe("GATEHOUSE_ACCOUNT_PAGE", () => {
  it("is off by default in production: /account answers 404 as any unknown path", async () => {
    const production = await pageApp({ GATEHOUSE_ENV: "production" });

    for (const path of [...PAGES, ...assetsOf((await get(app, "/account")).text)]) {
      const response = await get(production, path);
      expect(response.status, path).toBe(404);
      expect(response.body).toEqual({ error: "not_found" });
    }
  });

  it("serves the page in production when set to on", async () => {
    const production = await pageApp({ GATEHOUSE_ENV: "production", GATEHOUSE_ACCOUNT_PAGE: "on" });

    expect((await get(production, "/account")).status).toBe(200);
  });

  it("turns the page off in development when set to off", async () => {
    const development = await pageApp({ GATEHOUSE_ACCOUNT_PAGE: "off" });

    expect((await get(development, "/account")).status).toBe(404);
  });

  it("refuses a value other than on or off at start", async () => {
    await expect(pageApp({ GATEHOUSE_ACCOUNT_PAGE: "yes" })).rejects.toThrow(
      'GATEHOUSE_ACCOUNT_PAGE must be one of on, off (got "yes")',
    );
  });
});

describe("the API's Lambda function", () => {
  it("answers 404 for the page's paths, which its own function serves", async () => {
    const api = await dynamoApp();
    const assets = assetsOf((await get(app, "/account")).text);

    for (const path of [...PAGES, ...assets]) {
      const response = await get(api, path);
      expect(response.status, path).toBe(404);
      expect(response.body).toEqual({ error: "not_found" });
    }
  });

  it("holds none of the page in its bundle", async () => {
    const html = (await get(app, "/account")).text;
    const built = await bundle(
      "packages/functions/src/handlers/http.ts",
      "dist/test/account-page-api.mjs",
    );
    const text = await readFile(built.outfile, "utf8");

    expect(built.inputs.filter((input) => input.includes("/account/"))).toEqual([]);
    expect(html).toContain("<title>Your account · Gatehouse</title>");
    expect(text).not.toContain("Your account · Gatehouse");
    expect(text).not.toContain("frame-ancestors 'none'");
  });
});
