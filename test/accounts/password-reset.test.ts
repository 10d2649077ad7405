import { dynamoStores } from "@gatehouse/core/dynamo";
import { fixedClock, type TestClock } from "@gatehouse/testing";
import type { TestApp } from "@gatehouse/testing/http";
import { beforeEach, describe, expect, it } from "vitest";
import { embeddedDynamo } from "../support/dynamo.js";
import {
  dataOf,
  dynamoApp,
  errorOf,
  LOGIN,
  login,
  ME,
  PASSWORD,
  signInAsAdmin,
  signUp,
  uniqueEmail,
} from "../support/gql.js";
import {
  INVALID_LINK,
  linkOf,
  ME_VERIFIED,
  REQUEST_PASSWORD_RESET,
  RESET_PASSWORD,
  SEND_PASSWORD_RESET,
  VERIFY_EMAIL,
} from "../support/mail.js";

const APP_URL = "https://app.example/account";
const NEW_PASSWORD = "a brand new passphrase of mine";
const HOUR = 3_600_000;
const INVALID_CREDENTIALS = { code: "UNAUTHENTICATED", message: "Invalid email or password." };

let clock: TestClock;
let app: TestApp;
beforeEach(async () => {
  clock = fixedClock();
  app = await dynamoApp({ clock, env: { GATEHOUSE_APP_URL: APP_URL } });
});

/** Asks for a reset of `email` and returns the response. */
const forgot = (email: string, sourceIp?: string) =>
  app.graphql(REQUEST_PASSWORD_RESET, { email }, sourceIp === undefined ? {} : { sourceIp });

/** Signs up, asks for a reset and returns the user and the mailed token. */
async function userWithResetLink() {
  const email = uniqueEmail("reset");
  const user = await signUp(app, email);
  expect(dataOf(await forgot(email), "requestPasswordReset")).toBe(true);
  const mail = app.mailbox.sent.at(-1);
  if (mail === undefined) throw new Error("no reset mail");
  return { email, user, mail, token: linkOf(mail).token };
}

const reset = (token: string, newPassword = NEW_PASSWORD) =>
  app.graphql(RESET_PASSWORD, { token, newPassword });

describe("requestPasswordReset", () => {
  it("mails a reset link built from GATEHOUSE_APP_URL to a known address, the token after #", async () => {
    const { email, mail } = await userWithResetLink();

    expect(mail.to).toBe(email);
    expect(mail.subject).toBe("Reset your password");
    expect(linkOf(mail).url).toMatch(
      /^https:\/\/app\.example\/account\/reset-password#token=[A-Za-z0-9_-]{43}$/,
    );
    expect(mail.html).toContain(`href="${linkOf(mail).url}"`);
  });

  it("answers an unknown address with the same body as a known one and mails nothing", async () => {
    const email = uniqueEmail("known");
    await signUp(app, email);
    const sent = app.mailbox.sent.length;

    const known = await forgot(email);
    const unknown = await forgot(uniqueEmail("nobody"));

    expect(unknown.status).toBe(known.status);
    expect(unknown.text).toBe(known.text);
    expect(unknown.body).toEqual({ data: { requestPasswordReset: true } });
    expect(app.mailbox.sent.length).toBe(sent + 1);
  });

  it("answers true and mails nothing for a string that is not an address", async () => {
    const sent = app.mailbox.sent.length;
    expect(dataOf(await forgot("not an address"), "requestPasswordReset")).toBe(true);
    expect(app.mailbox.sent.length).toBe(sent);
  });

  it("refuses a sixth request for one address in the window with RATE_LIMITED, known or not", async () => {
    for (const email of [uniqueEmail("limited"), uniqueEmail("limited-unknown")]) {
      for (let i = 0; i < 5; i++)
        dataOf(await forgot(email, `198.51.100.${i}`), "requestPasswordReset");
      const refused = await forgot(email, "198.51.100.9");
      expect(errorOf(refused)).toEqual({
        code: "RATE_LIMITED",
        message: "Too many password reset requests. Try again later.",
      });
    }
  });

  it("refuses requests from one source beyond its budget with RATE_LIMITED", async () => {
    const limited = await dynamoApp({ env: { GATEHOUSE_IP_MAX_ATTEMPTS: "3" } });
    const ask = (email: string) =>
      limited.graphql(REQUEST_PASSWORD_RESET, { email }, { sourceIp: "203.0.113.7" });
    for (let i = 0; i < 3; i++) dataOf(await ask(uniqueEmail()), "requestPasswordReset");

    expect(errorOf(await ask(uniqueEmail()))).toEqual({
      code: "RATE_LIMITED",
      message: "Too many password reset requests. Try again later.",
    });
    const elsewhere = await limited.graphql(
      REQUEST_PASSWORD_RESET,
      { email: uniqueEmail() },
      { sourceIp: "203.0.113.8" },
    );
    expect(dataOf(elsewhere, "requestPasswordReset")).toBe(true);
  });
});

describe("requestPasswordReset without enumeration", () => {
  const { db, freshTable } = embeddedDynamo();

  /** A document client on the embedded DynamoDB that records each command it sends. */
  function recordingClient() {
    const commands: string[] = [];
    const client = Object.create(db, {
      send: {
        value: (command: { constructor: { name: string } }) => {
          commands.push(command.constructor.name);
          return db.send(command as Parameters<typeof db.send>[0]);
        },
      },
    }) as typeof db;
    return { client, commands };
  }

  // The bound tested: not a time (no timed assertion survives a loaded machine) but the work,
  // the DynamoDB commands sent, which is what the time of the answer is made of besides the
  // mail itself (see docs/security.md).
  it("sends DynamoDB the same commands, in the same order, for an unknown address as for a known one", async () => {
    const tableName = await freshTable();
    const { client, commands } = recordingClient();
    const counted = await dynamoApp({ stores: dynamoStores(client, tableName), tableName });
    const email = uniqueEmail("known");
    await signUp(counted, email);

    commands.length = 0;
    dataOf(await counted.graphql(REQUEST_PASSWORD_RESET, { email }), "requestPasswordReset");
    const known = [...commands];
    commands.length = 0;
    const unknown = await counted.graphql(REQUEST_PASSWORD_RESET, {
      email: uniqueEmail("unknown"),
    });
    dataOf(unknown, "requestPasswordReset");

    expect(commands).toEqual(known);
  });

  // The mail is what the paths do not share; the answer waits for the same moment on both. The
  // test clock moves when slept on and when the mail "takes" its time, so nothing here waits.
  it.each([
    ["fast", 10],
    ["slow", 900],
  ])(
    "answers a known and an unknown address at the same moment on the clock, with a %s mail transport",
    async (_, sendMs) => {
      const slowClock = fixedClock();
      const sent: string[] = [];
      const timed = await dynamoApp({
        clock: slowClock,
        gatehouse: {
          hooks: {
            mail: {
              send: async (message) => {
                slowClock.advance(sendMs);
                sent.push(message.to);
              },
            },
          },
        },
      });
      const email = uniqueEmail("timed");
      await signUp(timed, email);
      sent.length = 0;

      const answeredAfter = async (address: string) => {
        const started = slowClock.now();
        dataOf(
          await timed.graphql(REQUEST_PASSWORD_RESET, { email: address }),
          "requestPasswordReset",
        );
        return slowClock.now() - started;
      };
      const known = await answeredAfter(email);
      const unknown = await answeredAfter(uniqueEmail("unknown"));

      expect(sent).toEqual([email]);
      expect(known).toBe(1000);
      expect(unknown).toBe(1000);
    },
  );
});

describe("resetPassword", () => {
  it("sets the password and ends every session: the new password logs in, the old one does not", async () => {
    const { email, user, token } = await userWithResetLink();
    const other = await login(app, email);

    expect(dataOf(await reset(token), "resetPassword")).toBe(true);

    for (const session of [user, other]) {
      const me = await app.graphql(ME, {}, { token: session.accessToken });
      expect(me.status).toBe(401);
    }
    expect(errorOf(await app.graphql(LOGIN, { email, password: PASSWORD }))).toEqual(
      INVALID_CREDENTIALS,
    );
    expect((await login(app, email, NEW_PASSWORD)).user.email).toBe(email);
  });

  it("marks the email verified and sends the password reset notice", async () => {
    const { email, token } = await userWithResetLink();
    dataOf(await reset(token), "resetPassword");

    const signedIn = await login(app, email, NEW_PASSWORD);
    const me = dataOf<{ emailVerified: boolean }>(
      await app.graphql(ME_VERIFIED, {}, { token: signedIn.accessToken }),
      "me",
    );
    expect(me.emailVerified).toBe(true);
    const notice = app.mailbox.sent.at(-1);
    expect(notice?.to).toBe(email);
    expect(notice?.subject).toBe("Your password was reset");
    expect(notice?.text).not.toMatch(/token|https?:/);
  });

  it("clears the login lock-out of the address", async () => {
    const { email, token } = await userWithResetLink();
    for (let i = 0; i < 5; i++)
      await app.graphql(LOGIN, { email, password: "wrong password guess" });
    expect(errorOf(await app.graphql(LOGIN, { email, password: PASSWORD })).code).toBe(
      "RATE_LIMITED",
    );

    dataOf(await reset(token), "resetPassword");

    expect((await login(app, email, NEW_PASSWORD)).user.email).toBe(email);
  });

  it("lets exactly one of two concurrent resets with one token succeed", async () => {
    const { email, token } = await userWithResetLink();

    const answers = await Promise.all([
      reset(token, "first concurrent passphrase"),
      reset(token, "second concurrent passphrase"),
    ]);

    const won = answers.filter((r) => r.body?.data?.resetPassword === true);
    const lost = answers.filter((r) => r.body?.errors !== undefined);
    expect(won).toHaveLength(1);
    expect(lost.map(errorOf)).toEqual([INVALID_LINK]);
    const winner = answers[0]?.body?.data?.resetPassword === true ? "first" : "second";
    expect((await login(app, email, `${winner} concurrent passphrase`)).user.email).toBe(email);
  });

  it("refuses a used token with the one invalid-link answer", async () => {
    const { token } = await userWithResetLink();
    dataOf(await reset(token), "resetPassword");

    expect(errorOf(await reset(token, "yet another new passphrase"))).toEqual(INVALID_LINK);
  });

  it("accepts a reset link until one hour has passed and refuses it from then on", async () => {
    // Both links issued at `sent` (the answer's wait moves the test clock: set it back).
    const sent = clock.now();
    const early = await userWithResetLink();
    clock.set(sent);
    const late = await userWithResetLink();
    clock.set(sent + HOUR - 1);
    expect(dataOf(await reset(early.token), "resetPassword")).toBe(true);
    clock.set(sent + HOUR);
    expect(errorOf(await reset(late.token))).toEqual(INVALID_LINK);
  });

  it("refuses an altered token, an unknown one and a verification token", async () => {
    const { token } = await userWithResetLink();
    const altered = `${token.slice(0, -2)}${token.endsWith("AA") ? "BB" : "AA"}`;
    const verification = linkOf(
      app.mailbox.sent.find((mail) => mail.subject === "Verify your email address") ?? {
        text: "",
      },
    ).token;

    expect(errorOf(await reset(altered))).toEqual(INVALID_LINK);
    expect(errorOf(await reset("x".repeat(43)))).toEqual(INVALID_LINK);
    expect(errorOf(await reset("short"))).toEqual(INVALID_LINK);
    expect(errorOf(await reset(verification))).toEqual(INVALID_LINK);
    // None of them spent the real link.
    expect(dataOf(await reset(token), "resetPassword")).toBe(true);
  });

  it("refuses a reset link once the password changed after it was sent", async () => {
    const { email, user, token } = await userWithResetLink();
    const change = await app.graphql(
      "mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }",
      { c: PASSWORD, n: "changed in the meantime ok" },
      { token: user.accessToken },
    );
    dataOf(change, "changePassword");

    expect(errorOf(await reset(token))).toEqual(INVALID_LINK);
    expect((await login(app, email, "changed in the meantime ok")).user.email).toBe(email);
  });

  it("keeps the link when the new password is too short", async () => {
    const { token } = await userWithResetLink();

    expect(errorOf(await reset(token, "short")).code).toBe("BAD_USER_INPUT");
    expect(dataOf(await reset(token), "resetPassword")).toBe(true);
  });

  it("does not verify an email through verifyEmail with a reset token", async () => {
    const { token } = await userWithResetLink();
    expect(errorOf(await app.graphql(VERIFY_EMAIL, { token }))).toEqual(INVALID_LINK);
  });
});

describe("sendPasswordReset", () => {
  it("mails a reset link to the user when an ADMIN asks", async () => {
    const admin = await signInAsAdmin(app);
    const email = uniqueEmail("helped");
    const user = await signUp(app, email);

    const sent = await app.graphql(
      SEND_PASSWORD_RESET,
      { userId: user.user.id },
      { token: admin.accessToken },
    );

    expect(dataOf(sent, "sendPasswordReset")).toBe(true);
    const mail = app.mailbox.sent.at(-1);
    expect(mail?.to).toBe(email);
    expect(dataOf(await reset(linkOf(mail ?? { text: "" }).token), "resetPassword")).toBe(true);
  });

  it("is FORBIDDEN to a USER", async () => {
    const user = await signUp(app);
    const sent = await app.graphql(
      SEND_PASSWORD_RESET,
      { userId: user.user.id },
      { token: user.accessToken },
    );
    expect(errorOf(sent).code).toBe("FORBIDDEN");
  });
});
