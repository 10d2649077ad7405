import { linkTokenHash } from "@gatehouse/core";
import { captureLogs, type TestApp } from "@gatehouse/testing/http";
import { beforeAll, describe, expect, it } from "vitest";
import { closedPort } from "../support/cli.js";
import {
  CHANGE_PASSWORD,
  dataOf,
  dynamoApp,
  errorOf,
  login,
  PASSWORD,
  SIGN_UP,
  signInAsAdmin,
  signUp,
  uniqueEmail,
} from "../support/gql.js";
import {
  linkOf,
  MAIL_DOWN,
  REQUEST_EMAIL_CHANGE,
  REQUEST_EMAIL_VERIFICATION,
  REQUEST_PASSWORD_RESET,
  RESET_PASSWORD,
  type ReceivedMail,
  SEND_PASSWORD_RESET,
  smtpCapture,
  VERIFY_EMAIL,
} from "../support/mail.js";

// The real SMTP transport (nodemailer) delivering to an in-process SMTP server, and a second
// container on the same table whose SMTP server is down.

const APP_URL = "https://app.example/account";
const NEW_PASSWORD = "a brand new passphrase of mine";
let smtp: Awaited<ReturnType<typeof smtpCapture>>;
let app: TestApp;
let down: TestApp;

beforeAll(async () => {
  smtp = await smtpCapture();
  app = await dynamoApp({ env: { GATEHOUSE_MAIL: smtp.url, GATEHOUSE_APP_URL: APP_URL } });
  down = await dynamoApp({
    tableName: app.tableName,
    env: { GATEHOUSE_MAIL: `smtp://127.0.0.1:${await closedPort()}`, GATEHOUSE_APP_URL: APP_URL },
  });
});

const mailsTo = (email: string) => smtp.received.filter((mail) => mail.to === email);
const lastTo = (email: string): ReceivedMail => {
  const mail = mailsTo(email).at(-1);
  if (mail === undefined) throw new Error(`no mail to ${email}`);
  return mail;
};

describe("recovery mail over SMTP", () => {
  it("delivers the verification and reset links with sender, recipient, subject, text and HTML", async () => {
    const email = uniqueEmail("smtp");
    await signUp(app, email);
    dataOf(await app.graphql(REQUEST_PASSWORD_RESET, { email }), "requestPasswordReset");

    const [verification, reset] = mailsTo(email);
    expect(verification?.subject).toBe("Verify your email address");
    expect(reset?.subject).toBe("Reset your password");
    for (const [mail, purpose] of [
      [verification, "verify-email"],
      [reset, "reset-password"],
    ] as const) {
      expect(mail?.from).toMatch(/^"?Gatehouse"? <no-reply@localhost>$/);
      const { url } = linkOf(mail ?? { text: "" });
      expect(url.startsWith(`${APP_URL}/${purpose}#token=`)).toBe(true);
      expect(mail?.html).toContain(`href="${url}"`);
    }
  });

  it("builds links from GATEHOUSE_APP_URL, never from the request's Host", async () => {
    const email = uniqueEmail("host");
    await signUp(app, email);
    const headers = { host: "evil.example", "x-forwarded-host": "evil.example" };

    dataOf(
      await app.graphql(REQUEST_PASSWORD_RESET, { email }, { headers }),
      "requestPasswordReset",
    );

    const { url } = linkOf(lastTo(email));
    expect(url.startsWith(`${APP_URL}/reset-password#token=`)).toBe(true);
    expect(url).not.toContain("evil.example");
  });

  it("sends notices without a link or secret when a password is changed or reset", async () => {
    const email = uniqueEmail("notice");
    const user = await signUp(app, email);
    const changed = await app.graphql(
      CHANGE_PASSWORD,
      { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
      { token: user.accessToken },
    );
    dataOf(changed, "changePassword");
    expect(lastTo(email).subject).toBe("Your password was changed");

    dataOf(await app.graphql(REQUEST_PASSWORD_RESET, { email }), "requestPasswordReset");
    const { token } = linkOf(lastTo(email));
    const reset = await app.graphql(RESET_PASSWORD, { token, newPassword: PASSWORD });
    dataOf(reset, "resetPassword");

    const notices = mailsTo(email).filter((mail) => mail.subject.startsWith("Your password"));
    expect(notices.map((mail) => mail.subject)).toEqual([
      "Your password was changed",
      "Your password was reset",
    ]);
    for (const notice of notices) {
      expect(`${notice.text}${notice.html}`).not.toMatch(/https?:|token=/);
      expect(notice.html).toContain("<p>");
    }
  });

  it("writes no link token or its hash to any log line", async () => {
    const logs = captureLogs();
    const tokens: string[] = [];
    try {
      const email = uniqueEmail("logs");
      await signUp(app, email);
      tokens.push(linkOf(lastTo(email)).token);
      dataOf(await app.graphql(VERIFY_EMAIL, { token: tokens[0] }), "verifyEmail");
      dataOf(await app.graphql(REQUEST_PASSWORD_RESET, { email }), "requestPasswordReset");
      tokens.push(linkOf(lastTo(email)).token);
      const reset = await app.graphql(RESET_PASSWORD, {
        token: tokens[1],
        newPassword: NEW_PASSWORD,
      });
      dataOf(reset, "resetPassword");
      await app.graphql(RESET_PASSWORD, { token: tokens[1], newPassword: NEW_PASSWORD });
    } finally {
      logs.restore();
    }
    const written = logs.lines().join("\n");
    for (const token of tokens) {
      expect(written).not.toContain(token);
      expect(written).not.toContain(linkTokenHash(token));
    }
    expect(written).not.toContain(NEW_PASSWORD);
  });
});

describe("recovery mail with the transport down", () => {
  it("answers a sign-up MAIL_UNAVAILABLE (503) and creates no account", async () => {
    const email = uniqueEmail("down");

    const response = await down.graphql(SIGN_UP, { email, password: PASSWORD });

    expect(response.status).toBe(503);
    expect(errorOf(response)).toEqual(MAIL_DOWN);
    // Nothing half-written: the address is free and no password was set.
    expect(
      errorOf(
        await app.graphql(
          "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }",
          { e: email, p: PASSWORD },
        ),
      ).code,
    ).toBe("UNAUTHENTICATED");
    expect((await signUp(app, email)).user.email).toBe(email);
  });

  it("answers requestEmailVerification and sendPasswordReset MAIL_UNAVAILABLE (503)", async () => {
    const user = await signUp(app);
    const admin = await login(down, (await signInAsAdmin(app)).user.email);

    const verification = await down.graphql(
      REQUEST_EMAIL_VERIFICATION,
      {},
      { token: user.accessToken },
    );
    const reset = await down.graphql(
      SEND_PASSWORD_RESET,
      { userId: user.user.id },
      { token: admin.accessToken },
    );

    for (const response of [verification, reset]) {
      expect(response.status).toBe(503);
      expect(errorOf(response)).toEqual(MAIL_DOWN);
    }
  });

  it("answers requestPasswordReset true and logs one fixed line without the address", async () => {
    const email = uniqueEmail("reset-down");
    await signUp(app, email);
    const logs = captureLogs();
    let response: Awaited<ReturnType<TestApp["graphql"]>>;
    try {
      response = await down.graphql(REQUEST_PASSWORD_RESET, { email });
    } finally {
      logs.restore();
    }

    expect(dataOf(response, "requestPasswordReset")).toBe(true);
    expect(logs.records()).toContainEqual({
      level: "WARN",
      event: "mail.not_sent",
      mail: "password-reset",
    });
    expect(logs.lines().join("\n")).not.toContain(email);
  });

  it("keeps a password change whose notice cannot be sent, and logs the failure", async () => {
    const email = uniqueEmail("change-down");
    await signUp(app, email);
    const user = await login(down, email);
    const logs = captureLogs();
    let response: Awaited<ReturnType<TestApp["graphql"]>>;
    try {
      response = await down.graphql(
        CHANGE_PASSWORD,
        { currentPassword: PASSWORD, newPassword: NEW_PASSWORD },
        { token: user.accessToken },
      );
    } finally {
      logs.restore();
    }

    expect(dataOf(response, "changePassword")).toBe(true);
    expect(logs.records()).toContainEqual({
      level: "WARN",
      event: "mail.not_sent",
      mail: "password-changed-notice",
    });
    expect((await login(app, email, NEW_PASSWORD)).user.email).toBe(email);
  });

  it("answers requestEmailChange MAIL_UNAVAILABLE (503) and leaves no link that works", async () => {
    const email = uniqueEmail("move-down");
    const newEmail = uniqueEmail("moved-down");
    await signUp(app, email);
    const user = await login(down, email);

    const response = await down.graphql(
      REQUEST_EMAIL_CHANGE,
      { newEmail, currentPassword: PASSWORD },
      { token: user.accessToken },
    );

    expect(response.status).toBe(503);
    expect(errorOf(response)).toEqual(MAIL_DOWN);
    expect(mailsTo(newEmail)).toEqual([]);
    expect((await login(app, email)).user.email).toBe(email);
  });
});
