/**
 * The account page in a real browser (Debian's Chromium driven by playwright-core) against a
 * real `npm start`: sign up, see `me`, a second session from another browser, end it, log out,
 * log in; the same by keyboard alone; TOTP enrolment, the second-factor step and a recovery
 * code; the link pages; verifying the email and resetting the password from the links
 * `npm start` prints; the CSP, with no violation on the way.
 * A screenshot of each step goes to artifacts/browser/.
 */
import { generate } from "otplib";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD, uniqueEmail } from "../support/gql.js";
import {
  findChromium,
  printedLink,
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
/** Every page's console lines and CSP violation reports, checked once at the end. */
const consoleLines: string[] = [];

// Code that runs in the page is written as strings: this program's types are Node's, not the DOM's.
const RECORD_VIOLATIONS = `
  window.cspViolations = [];
  document.addEventListener("securitypolicyviolation", (event) => {
    window.cspViolations.push(event.violatedDirective + " " + event.blockedURI);
  });`;
const STORED = "[localStorage.length, sessionStorage.length, document.cookie]";
const FOCUSED = 'document.activeElement?.id ?? ""';
const INJECT_SCRIPT = `{
  const script = document.createElement("script");
  script.textContent = "window.injectedRan = true";
  document.body.append(script);
}`;

async function newContext(): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 900, height: 800 } });
  // Recorded by the browser itself (CSP Level 3 §5.3), whatever the console says.
  await context.addInitScript(RECORD_VIOLATIONS);
  return context;
}

async function open(context: BrowserContext, path: string): Promise<Page> {
  const page = await context.newPage();
  page.on("console", (message) => consoleLines.push(`${message.type()}: ${message.text()}`));
  page.on("pageerror", (error) => consoleLines.push(`pageerror: ${error.message}`));
  await page.goto(`${server.origin}${path}`);
  return page;
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: new URL(`${name}.png`, SCREENSHOTS).pathname, fullPage: true });

async function expectNoViolations(page: Page) {
  expect(await page.evaluate("window.cspViolations")).toEqual([]);
}

async function submit(page: Page, form: string, email: string, password = PASSWORD) {
  await page.fill(`#${form}-email`, email);
  await page.fill(`#${form}-password`, password);
  await page.click(`#${form}-form button[type=submit]`);
}

async function expectSignedIn(page: Page, email: string) {
  await page.locator("#signed-in").waitFor({ state: "visible" });
  await expect.poll(() => page.textContent("#me-email")).toBe(email);
}

const sessionCount = (page: Page) => page.locator("#sessions li").count();

/** RFC 6238 steps, as an authenticator app counts them. */
const STEP_SECONDS = 30;
let lastStep = -1;

/**
 * The app's code for the step after the last one used (each step is accepted once), waiting
 * while that step is more than one ahead of the clock (the server allows one step of drift).
 */
async function nextCode(secret: string): Promise<string> {
  for (;;) {
    const current = Math.floor(Date.now() / 1000 / STEP_SECONDS);
    const step = lastStep < 0 ? current : lastStep + 1;
    if (step <= current + 1) {
      lastStep = step;
      return generate({ secret, epoch: step * STEP_SECONDS });
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

async function secondStep(page: Page, code: string) {
  await page.locator("#second-factor").waitFor({ state: "visible" });
  await page.fill("#second-factor-code", code);
  await page.click("#second-factor-form button[type=submit]");
}

describe.runIf(executablePath !== null)("the account page in Chromium", () => {
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
    "signs up, shows me, ends a session from another browser, logs out and logs back in",
    async () => {
      const email = uniqueEmail("browser");
      const first = await newContext();
      const page = await open(first, "/account");
      await page.locator("#signed-out").waitFor({ state: "visible" });
      await shot(page, "01-sign-in");

      await submit(page, "signup", email);
      await expectSignedIn(page, email);
      expect(await page.textContent("#me-roles")).toBe("USER");
      expect(await sessionCount(page)).toBe(1);
      // Tokens in memory only: nothing in storage a later script could read.
      expect(await page.evaluate(STORED)).toEqual([0, 0, ""]);
      await shot(page, "02-signed-up");

      const second = await newContext();
      const other = await open(second, "/account");
      await submit(other, "login", email);
      await expectSignedIn(other, email);
      expect(await sessionCount(other)).toBe(2);
      await shot(other, "03-second-session");

      await page.click("#reload");
      await expect.poll(() => sessionCount(page)).toBe(2);
      await page.locator("#sessions li", { hasNotText: "(this page)" }).locator("button").click();
      await expect.poll(() => page.textContent("#status")).toBe("The session has ended.");
      await expect.poll(() => sessionCount(page)).toBe(1);
      await shot(page, "04-other-session-ended");

      // The ended session's page finds out on its next request.
      await other.click("#reload");
      await other.locator("#signed-out").waitFor({ state: "visible" });
      await expect
        .poll(() => other.textContent("#problem"))
        .toBe("Your session has ended. Please sign in again.");
      await shot(other, "05-ended-elsewhere");

      await page.click("#logout");
      await page.locator("#signed-out").waitFor({ state: "visible" });
      await shot(page, "06-logged-out");

      await submit(page, "login", email);
      await expectSignedIn(page, email);
      await shot(page, "07-logged-in-again");

      await expectNoViolations(page);
      await expectNoViolations(other);
      await first.close();
      await second.close();
    },
    TIMEOUT,
  );

  it(
    "signs up and logs out with the keyboard alone",
    async () => {
      const context = await newContext();
      const page = await open(context, "/account");
      await page.locator("#signed-out").waitFor({ state: "visible" });
      const focused = () => page.evaluate<string>(FOCUSED);
      const tabTo = async (id: string) => {
        for (let presses = 0; presses < 30 && (await focused()) !== id; presses++) {
          await page.keyboard.press("Tab");
        }
        expect(await focused()).toBe(id);
      };

      const email = uniqueEmail("keyboard");
      await tabTo("signup-email");
      await page.keyboard.type(email);
      await page.keyboard.press("Tab");
      expect(await focused()).toBe("signup-password");
      await page.keyboard.type(PASSWORD);
      await page.keyboard.press("Enter");
      await expectSignedIn(page, email);
      // Focus follows the view, so the next Tab starts in the account, not at the page top.
      expect(await focused()).toBe("signed-in-title");
      await shot(page, "08-keyboard-signed-up");

      await tabTo("logout");
      await page.keyboard.press("Enter");
      await page.locator("#signed-out").waitFor({ state: "visible" });
      expect(await focused()).toBe("signed-out-title");
      await expectNoViolations(page);
      await context.close();
    },
    TIMEOUT,
  );

  it(
    "enrols an authenticator app from the QR code, then signs in with its code, then with a recovery code",
    async () => {
      const email = uniqueEmail("totp");
      const context = await newContext();
      const page = await open(context, "/account");
      await submit(page, "signup", email);
      await expectSignedIn(page, email);
      expect(await page.textContent("#factors-state")).toBe("Authenticator app: off.");

      await page.click("#totp-begin");
      await page.locator("#totp-enrol").waitFor({ state: "visible" });
      // The QR code is an image from a data: URL: it loads under the CSP.
      await expect
        .poll(() => page.evaluate('document.getElementById("totp-qr").naturalWidth'))
        .toBeGreaterThan(0);
      const secret = (await page.textContent("#totp-secret")) ?? "";
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      await shot(page, "totp-01-qr");

      await page.fill("#totp-confirm-code", await nextCode(secret));
      await page.click("#totp-confirm-form button[type=submit]");
      await page.locator("#recovery-codes").waitFor({ state: "visible" });
      const codes = await page.locator("#recovery-code-list code").allTextContents();
      expect(codes).toHaveLength(10);
      expect(await page.textContent("#recovery-codes-hint")).toContain("Shown this once");
      await shot(page, "totp-02-recovery-codes");

      // The enrolling session is aal1 now that the account has a factor: the next code.
      await page.click("#recovery-codes-done");
      await secondStep(page, await nextCode(secret));
      await expectSignedIn(page, email);
      await expect
        .poll(() => page.textContent("#factors-state"))
        .toBe("Authenticator app: on. Recovery codes left: 10.");
      expect(await page.locator("#recovery-code-list li").count()).toBe(0);

      await page.click("#logout");
      await page.locator("#signed-out").waitFor({ state: "visible" });
      await submit(page, "login", email);
      await page.locator("#second-factor").waitFor({ state: "visible" });
      await shot(page, "totp-03-second-factor-step");
      await secondStep(page, await nextCode(secret));
      await expectSignedIn(page, email);
      await shot(page, "totp-04-in-with-the-app");

      // The phone is lost: a recovery code instead.
      await page.click("#logout");
      await page.locator("#signed-out").waitFor({ state: "visible" });
      await submit(page, "login", email);
      await secondStep(page, codes[0] ?? "");
      await expectSignedIn(page, email);
      await expect
        .poll(() => page.textContent("#factors-state"))
        .toBe("Authenticator app: on. Recovery codes left: 9.");
      await shot(page, "totp-05-in-with-a-recovery-code");

      await expectNoViolations(page);
      await context.close();
    },
    TIMEOUT,
  );

  it(
    "takes a link's token out of the address bar and posts it",
    async () => {
      const context = await newContext();
      const page = await open(context, "/account/reset-password#token=not-a-real-token");
      await page.locator("#link").waitFor({ state: "visible" });

      expect(page.url()).toBe(`${server.origin}/account/reset-password`);
      expect(await page.textContent("#link-title")).toBe("Choose a new password");
      await page.fill("#reset-password", "a brand new and long passphrase");
      await page.click("#reset-form button[type=submit]");
      // Whatever the API answers for this made-up token, the page shows it.
      await expect.poll(async () => (await page.textContent("#problem")) ?? "").not.toBe("");
      await shot(page, "links-01-link-page");

      const verify = await open(context, "/account/verify-email#token=not-a-real-token");
      await verify.locator("#link").waitFor({ state: "visible" });
      expect(verify.url()).toBe(`${server.origin}/account/verify-email`);
      await expect.poll(async () => (await verify.textContent("#problem")) ?? "").not.toBe("");
      await expectNoViolations(page);
      await expectNoViolations(verify);
      await context.close();
    },
    TIMEOUT,
  );

  it(
    "verifies the email and resets a forgotten password from the links printed in the terminal",
    async () => {
      const email = uniqueEmail("links");
      const newPassword = "a fresh passphrase from the link";
      const mailed = async (subject: string) => {
        await expect.poll(() => printedLink(server.output(), email, subject)).not.toBeNull();
        return new URL(printedLink(server.output(), email, subject) ?? "");
      };
      const context = await newContext();
      const page = await open(context, "/account");
      await submit(page, "signup", email);
      await expectSignedIn(page, email);
      expect(await page.textContent("#me-verified")).toBe("no");
      expect(await page.isVisible("#send-verification")).toBe(true);

      const verification = await mailed("Verify your email address");
      expect(verification.origin).toBe(server.origin);
      const verify = await open(context, `${verification.pathname}${verification.hash}`);
      await expect
        .poll(() => verify.textContent("#status"))
        .toBe("Your email address is verified.");
      await shot(verify, "links-02-email-verified");
      await page.click("#reload");
      await expect.poll(() => page.textContent("#me-verified")).toBe("yes");
      expect(await page.isVisible("#send-verification")).toBe(false);
      await shot(page, "links-03-verified-in-account");

      const forgotten = await open(context, "/account");
      await forgotten.fill("#forgot-email", email);
      await forgotten.click("#forgot-form button[type=submit]");
      await expect
        .poll(() => forgotten.textContent("#status"))
        .toBe("If an account uses this address, a reset link is on its way to it.");
      await shot(forgotten, "links-04-reset-requested");
      const reset = await mailed("Reset your password");
      const resetPage = await open(context, `${reset.pathname}${reset.hash}`);
      await resetPage.fill("#reset-password", newPassword);
      await resetPage.click("#reset-form button[type=submit]");
      await expect
        .poll(() => resetPage.textContent("#status"))
        .toMatch(/^Your password is changed/);
      await shot(resetPage, "links-05-password-reset");

      const again = await open(context, "/account");
      await submit(again, "login", email, newPassword);
      await expectSignedIn(again, email);
      expect(await again.textContent("#me-verified")).toBe("yes");
      await shot(again, "links-06-logged-in-with-new-password");
      for (const each of [page, verify, forgotten, resetPage, again])
        await expectNoViolations(each);
      await context.close();
    },
    TIMEOUT,
  );

  it(
    "is served with the strict CSP, and nothing on the way violated it",
    async () => {
      const context = await newContext();
      const page = await context.newPage();
      const response = await page.goto(`${server.origin}/account`);

      const csp = response?.headers()["content-security-policy"] ?? "";
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval/);
      expect(response?.headers()["referrer-policy"]).toBe("no-referrer");
      // The policy holds: a script injected into the page neither runs nor goes unreported.
      await page.evaluate(INJECT_SCRIPT);
      await expect
        .poll(() => page.evaluate("window.cspViolations"))
        .toEqual(["script-src-elem inline"]);
      expect(await page.evaluate("window.injectedRan === true")).toBe(false);
      expect(consoleLines.filter((line) => /Content Security Policy/i.test(line))).toEqual([]);
      expect(consoleLines.filter((line) => line.startsWith("pageerror"))).toEqual([]);
      await context.close();
    },
    TIMEOUT,
  );
});
