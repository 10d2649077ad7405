import { fixedClock, type TestClock } from "@gatehouse/testing";
import { captureLogs, type TestApp } from "@gatehouse/testing/http";
import { beforeEach, describe, expect, it } from "vitest";
import { EMAIL_TAKEN, INVALID_CREDENTIALS, REAUTHENTICATION_REQUIRED } from "../support/errors.js";
import {
  type AuthPayloadData,
  dataOf,
  dynamoApp,
  errorOf,
  LOGIN,
  login,
  ME,
  PASSWORD,
  REFRESH,
  signUp,
  uniqueEmail,
} from "../support/gql.js";
import {
  CONFIRM_EMAIL_CHANGE,
  INVALID_LINK,
  linkOf,
  ME_VERIFIED,
  REQUEST_EMAIL_CHANGE,
  RESET_PASSWORD,
} from "../support/mail.js";

const APP_URL = "https://app.example/account";
const HOUR = 3_600_000;

let clock: TestClock;
let app: TestApp;
beforeEach(async () => {
  clock = fixedClock();
  app = await dynamoApp({ clock, env: { GATEHOUSE_APP_URL: APP_URL } });
});

const ask = (session: AuthPayloadData, newEmail: string, currentPassword = PASSWORD) =>
  app.graphql(REQUEST_EMAIL_CHANGE, { newEmail, currentPassword }, { token: session.accessToken });
const confirm = (token: string) => app.graphql(CONFIRM_EMAIL_CHANGE, { token });
const mailsTo = (email: string) => app.mailbox.sent.filter((mail) => mail.to === email);

/** Signs up, asks to move to a fresh address, and returns both addresses and the link. */
async function userWithChangeLink() {
  const oldEmail = uniqueEmail("old");
  const newEmail = uniqueEmail("new");
  const session = await signUp(app, oldEmail);
  expect(dataOf(await ask(session, newEmail), "requestEmailChange")).toBe(true);
  const mail = mailsTo(newEmail).at(-1);
  if (mail === undefined) throw new Error("no confirmation mail");
  return { oldEmail, newEmail, session, mail, token: linkOf(mail).token };
}

describe("requestEmailChange", () => {
  it("mails a confirmation link built from GATEHOUSE_APP_URL to the new address, the token after #", async () => {
    const { oldEmail, mail } = await userWithChangeLink();

    expect(mail.subject).toBe("Confirm your new email address");
    expect(linkOf(mail).url).toMatch(
      /^https:\/\/app\.example\/account\/confirm-email#token=[A-Za-z0-9_-]{43}$/,
    );
    expect(mail.html).toContain(`href="${linkOf(mail).url}"`);
    // Nothing yet to the old address but its sign-up verification mail.
    expect(mailsTo(oldEmail).map((sent) => sent.subject)).toEqual(["Verify your email address"]);
  });

  it("answers a wrong current password UNAUTHENTICATED and mails nothing", async () => {
    const session = await signUp(app);
    const sent = app.mailbox.sent.length;

    expect(errorOf(await ask(session, uniqueEmail(), "not my password at all"))).toEqual(
      INVALID_CREDENTIALS,
    );
    expect(app.mailbox.sent.length).toBe(sent);
  });

  it("counts wrong current passwords with changePassword's: the sixth is RATE_LIMITED", async () => {
    const session = await signUp(app);
    for (let i = 0; i < 5; i++) await ask(session, uniqueEmail(), "not my password at all");

    expect(errorOf(await ask(session, uniqueEmail()))).toEqual({
      code: "RATE_LIMITED",
      message: "Too many failed password changes. Try again later.",
    });
  });

  it("answers REAUTHENTICATION_REQUIRED to a sign-in older than GATEHOUSE_REAUTH_MAX_AGE", async () => {
    const session = await signUp(app);
    clock.advance(301_000);
    const sent = app.mailbox.sent.length;

    const response = await ask(session, uniqueEmail());

    expect(response.status).toBe(200);
    expect(errorOf(response)).toEqual(REAUTHENTICATION_REQUIRED);
    expect(app.mailbox.sent.length).toBe(sent);
  });

  it("answers an address that already has an account true, like a free one, and mails nothing", async () => {
    const taken = uniqueEmail("taken");
    await signUp(app, taken);
    const session = await signUp(app);
    const sent = app.mailbox.sent.length;

    const answer = await ask(session, taken);
    const free = await ask(session, uniqueEmail("free"));

    expect(answer.text).toBe(free.text);
    expect(app.mailbox.sent.length).toBe(sent + 1);
    expect(mailsTo(taken)).toHaveLength(1);
  });

  it("limits one account to five change requests per window, taken addresses included", async () => {
    const session = await signUp(app);
    for (let i = 0; i < 5; i++) dataOf(await ask(session, uniqueEmail()), "requestEmailChange");

    expect(errorOf(await ask(session, uniqueEmail()))).toEqual({
      code: "RATE_LIMITED",
      message: "Too many email change requests. Try again later.",
    });
  });
});

describe("confirmEmailChange", () => {
  it("moves the account to the new, verified address: login works with it and not the old one", async () => {
    const { oldEmail, newEmail, token } = await userWithChangeLink();

    expect(dataOf(await confirm(token), "confirmEmailChange")).toBe(true);

    const signedIn = await login(app, newEmail);
    const me = dataOf<{ email: string; emailVerified: boolean }>(
      await app.graphql(ME_VERIFIED, {}, { token: signedIn.accessToken }),
      "me",
    );
    expect(me).toMatchObject({ email: newEmail, emailVerified: true });
    expect(errorOf(await app.graphql(LOGIN, { email: oldEmail, password: PASSWORD }))).toEqual(
      INVALID_CREDENTIALS,
    );
  });

  it("sends the email changed notice, with no link, to the old address", async () => {
    const { oldEmail, token } = await userWithChangeLink();
    dataOf(await confirm(token), "confirmEmailChange");

    const notice = mailsTo(oldEmail).at(-1);
    expect(notice?.subject).toBe("Your email address was changed");
    expect(notice?.text).not.toMatch(/token|https?:/);
  });

  it("ends every other session and keeps the one that asked for the change", async () => {
    const { oldEmail, session, token } = await userWithChangeLink();
    const other = await login(app, oldEmail);

    dataOf(await confirm(token), "confirmEmailChange");

    expect((await app.graphql(ME, {}, { token: other.accessToken })).status).toBe(401);
    expect(errorOf(await app.graphql(REFRESH, { refreshToken: other.refreshToken })).code).toBe(
      "UNAUTHENTICATED",
    );
    expect((await app.graphql(ME, {}, { token: session.accessToken })).status).toBe(200);
    const next = await app.graphql(REFRESH, { refreshToken: session.refreshToken });
    expect(dataOf<AuthPayloadData>(next, "refresh").accessToken).toBeTruthy();
  });

  it("refuses a used token with the one invalid-link answer", async () => {
    const { token } = await userWithChangeLink();
    dataOf(await confirm(token), "confirmEmailChange");

    expect(errorOf(await confirm(token))).toEqual(INVALID_LINK);
  });

  it("accepts a confirmation link until one hour has passed and refuses it from then on", async () => {
    const early = await userWithChangeLink();
    const late = await userWithChangeLink();
    clock.advance(HOUR - 1);
    expect(dataOf(await confirm(early.token), "confirmEmailChange")).toBe(true);
    clock.advance(1);
    expect(errorOf(await confirm(late.token))).toEqual(INVALID_LINK);
  });

  it("refuses a confirmation token to resetPassword and a link sent before a password change", async () => {
    const { token } = await userWithChangeLink();
    expect(
      errorOf(await app.graphql(RESET_PASSWORD, { token, newPassword: "x".repeat(20) })),
    ).toEqual(INVALID_LINK);
    const other = await userWithChangeLink();
    const change = await app.graphql(
      "mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }",
      { c: PASSWORD, n: "changed in the meantime ok" },
      { token: other.session.accessToken },
    );
    dataOf(change, "changePassword");

    expect(errorOf(await confirm(other.token))).toEqual(INVALID_LINK);
  });

  it("lets one of two users racing to confirm a move to one address win; the other gets EMAIL_TAKEN", async () => {
    const wanted = uniqueEmail("wanted");
    const first = await signUp(app);
    const second = await signUp(app);
    dataOf(await ask(first, wanted), "requestEmailChange");
    dataOf(await ask(second, wanted), "requestEmailChange");
    const [firstLink, secondLink] = mailsTo(wanted).map((mail) => linkOf(mail).token);

    const answers = await Promise.all([confirm(firstLink ?? ""), confirm(secondLink ?? "")]);

    const won = answers.filter((r) => r.body?.data?.confirmEmailChange === true);
    expect(won).toHaveLength(1);
    expect(answers.filter((r) => r.body?.errors !== undefined).map(errorOf)).toEqual([EMAIL_TAKEN]);
    const winner = answers[0]?.body?.data?.confirmEmailChange === true ? first : second;
    expect((await login(app, wanted)).user.id).toBe(winner.user.id);
  });

  it("writes neither the token nor the addresses to the logs", async () => {
    const logs = captureLogs();
    let link: Awaited<ReturnType<typeof userWithChangeLink>>;
    try {
      link = await userWithChangeLink();
      dataOf(await confirm(link.token), "confirmEmailChange");
    } finally {
      logs.restore();
    }

    const written = logs.lines().join("\n");
    expect(written).not.toContain(link.token);
    expect(written).not.toContain(link.newEmail);
  });
});
