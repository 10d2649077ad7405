/**
 * Passkeys on the account page in a real browser (Debian's Chromium driven by playwright-core,
 * with Chromium's DevTools virtual authenticator: ctap2, internal, resident key, user
 * verification) against a real `npm start`: sign up, add a passkey, finish signing in with it,
 * end a second session, log out, log back in with the passkey. A screenshot of each step goes
 * to artifacts/browser/.
 */
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD, uniqueEmail } from "../support/gql.js";
import {
  findChromium,
  SCREENSHOTS,
  type StartedServer,
  screenshotFolder,
  startNpmStart,
} from "./support.js";

const executablePath = findChromium();
if (executablePath === null) {
  console.warn(
    "test/browser SKIPPED: no Chromium at /usr/bin/chromium and no apt-get to install it",
  );
}

const TIMEOUT = 180_000;
let server: StartedServer;
let browser: Browser;
const problems: string[] = [];

const RECORD_VIOLATIONS = `
  window.cspViolations = [];
  document.addEventListener("securitypolicyviolation", (event) => {
    window.cspViolations.push(event.violatedDirective + " " + event.blockedURI);
  });`;

async function newContext(): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 900, height: 900 } });
  await context.addInitScript(RECORD_VIOLATIONS);
  return context;
}

/** A browser without passkey autofill: the person uses the button. */
const NO_AUTOFILL = `
  PublicKeyCredential.isConditionalMediationAvailable = async () => false;`;

/** A virtual authenticator's credentials, as CDP hands them out and takes them in. */
type Credentials = { readonly credentials: readonly unknown[] };

/**
 * Opens the account page with a virtual platform authenticator that verifies its user, holding
 * `credentials` when given (the same passkey, synced to another browser).
 */
async function openWithAuthenticator(context: BrowserContext, credentials?: Credentials) {
  const page = await context.newPage();
  page.on("pageerror", (error) => problems.push(`pageerror: ${error.message}`));
  const cdp = await context.newCDPSession(page);
  await cdp.send("WebAuthn.enable");
  const { authenticatorId } = await cdp.send("WebAuthn.addVirtualAuthenticator", {
    options: {
      protocol: "ctap2",
      transport: "internal",
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
    },
  });
  for (const credential of credentials?.credentials ?? []) {
    await cdp.send("WebAuthn.addCredential", { authenticatorId, credential: credential as never });
  }
  await page.goto(`${server.origin}/account`);
  await page.locator("#signed-out").waitFor({ state: "visible" });
  const held = async (): Promise<Credentials> =>
    cdp.send("WebAuthn.getCredentials", { authenticatorId });
  return { page, held };
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: new URL(`${name}.png`, SCREENSHOTS).pathname, fullPage: true });

async function submit(page: Page, form: string, email: string) {
  await page.fill(`#${form}-email`, email);
  await page.fill(`#${form}-password`, PASSWORD);
  await page.click(`#${form}-form button[type=submit]`);
}

async function expectSignedIn(page: Page, email: string) {
  await page.locator("#signed-in").waitFor({ state: "visible" });
  await expect.poll(() => page.textContent("#me-email")).toBe(email);
}

describe.runIf(executablePath !== null)("passkeys on the account page in Chromium", () => {
  beforeAll(async () => {
    await screenshotFolder();
    server = await startNpmStart();
    browser = await chromium.launch({
      executablePath: executablePath ?? "",
      args: ["--no-sandbox"],
    });
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  }, TIMEOUT);

  it(
    "signs up, adds a passkey, ends another session, logs out and logs back in with the passkey",
    async () => {
      const email = uniqueEmail("passkey");
      const context = await newContext();
      const { page, held } = await openWithAuthenticator(context);
      // Browser autofill offers passkeys in the email field (conditional mediation).
      expect(await page.getAttribute("#login-email", "autocomplete")).toBe("username webauthn");
      expect(await page.isVisible("#passkey-login")).toBe(true);
      await shot(page, "passkey-01-sign-in");

      await submit(page, "signup", email);
      await expectSignedIn(page, email);
      await shot(page, "passkey-02-signed-up");

      await page.fill("#passkey-name", "This laptop");
      await page.click("#passkey-form button[type=submit]");
      // The passkey is a second factor now: this password session finishes signing in with it.
      await page.locator("#second-factor").waitFor({ state: "visible" });
      await expect.poll(() => page.textContent("#status")).toContain("Passkey added.");
      await shot(page, "passkey-03-added");

      await page.click("#second-factor-passkey");
      await expectSignedIn(page, email);
      await expect.poll(() => page.locator("#passkeys li").count()).toBe(1);
      expect(await page.textContent("#passkeys li")).toMatch(/^This laptop: added .*, last used /);
      await shot(page, "passkey-04-account");

      // A second browser signs in with the password: held at the second-factor step.
      const other = await newContext();
      const { page: otherPage } = await openWithAuthenticator(other);
      await submit(otherPage, "login", email);
      await otherPage.locator("#second-factor").waitFor({ state: "visible" });
      await shot(otherPage, "passkey-05-other-browser-second-step");

      await page.click("#reload");
      await expect.poll(() => page.locator("#sessions li").count()).toBe(2);
      await page.locator("#sessions li", { hasNotText: "(this page)" }).locator("button").click();
      await expect.poll(() => page.textContent("#status")).toBe("The session has ended.");
      await expect.poll(() => page.locator("#sessions li").count()).toBe(1);
      await shot(page, "passkey-06-other-session-ended");

      // Logged out, the email field offers the passkey in its autofill; the virtual
      // authenticator answers that conditional request at once, as a person picking it would.
      const current = () =>
        page.locator("#sessions li", { hasText: "(this page)" }).getAttribute("data-session");
      const before = await current();
      await page.click("#logout");
      await expect.poll(current).not.toBe(before);
      await expectSignedIn(page, email);
      await expect.poll(() => page.locator("#passkeys li").count()).toBe(1);
      await shot(page, "passkey-07-logged-in-by-autofill");

      // A browser without autofill, holding the same passkey as it is now (its signature
      // counter included: an older copy's would go backwards and be refused): the button.
      const passkeys = await held();
      const third = await newContext();
      await third.addInitScript(NO_AUTOFILL);
      const { page: thirdPage } = await openWithAuthenticator(third, passkeys);
      await shot(thirdPage, "passkey-08-passkey-button");
      await thirdPage.click("#passkey-login");
      await expectSignedIn(thirdPage, email);
      await expect.poll(() => thirdPage.locator("#sessions li").count()).toBe(2);
      await shot(thirdPage, "passkey-09-logged-in-with-passkey");

      for (const each of [page, otherPage, thirdPage]) {
        expect(await each.evaluate("window.cspViolations")).toEqual([]);
      }
      expect(problems).toEqual([]);
      await third.close();
      await other.close();
      await context.close();
    },
    TIMEOUT,
  );
});
