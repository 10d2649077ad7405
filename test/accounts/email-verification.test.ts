import { fixedClock, type TestClock } from "@gatehouse/testing";
import type { TestApp } from "@gatehouse/testing/http";
import { beforeEach, describe, expect, it } from "vitest";
import {
  type AuthPayloadData,
  CREATE_USER,
  dataOf,
  dynamoApp,
  errorOf,
  signInAsAdmin,
  signUp,
  uniqueEmail,
} from "../support/gql.js";
import {
  INVALID_LINK,
  linkOf,
  ME_VERIFIED,
  REQUEST_EMAIL_VERIFICATION,
  VERIFY_EMAIL,
} from "../support/mail.js";

const APP_URL = "https://app.example/account";
const HOUR = 3_600_000;

let clock: TestClock;
let app: TestApp;
beforeEach(async () => {
  clock = fixedClock();
  app = await dynamoApp({ clock, env: { GATEHOUSE_APP_URL: APP_URL } });
});

const verify = (token: string) => app.graphql(VERIFY_EMAIL, { token });
const verifiedOf = async (who: AuthPayloadData) =>
  dataOf<{ emailVerified: boolean }>(
    await app.graphql(ME_VERIFIED, {}, { token: who.accessToken }),
    "me",
  ).emailVerified;
const lastTokenTo = (email: string) => {
  const mail = app.mailbox.sent.filter((sent) => sent.to === email).at(-1);
  if (mail === undefined) throw new Error(`no mail to ${email}`);
  return linkOf(mail).token;
};

describe("email verification", () => {
  it("mails the first verification link at sign-up; the account starts unverified", async () => {
    const email = uniqueEmail("new");
    const user = await signUp(app, email);

    const mail = app.mailbox.sent.at(-1);
    expect(mail?.to).toBe(email);
    expect(mail?.subject).toBe("Verify your email address");
    expect(linkOf(mail ?? { text: "" }).url).toMatch(
      /^https:\/\/app\.example\/account\/verify-email#token=[A-Za-z0-9_-]{43}$/,
    );
    expect(await verifiedOf(user)).toBe(false);
  });

  it("verifies the email with the mailed token, once", async () => {
    const email = uniqueEmail("verify");
    const user = await signUp(app, email);
    const token = lastTokenTo(email);

    expect(dataOf(await verify(token), "verifyEmail")).toBe(true);
    expect(await verifiedOf(user)).toBe(true);
    expect(errorOf(await verify(token))).toEqual(INVALID_LINK);
  });

  it("accepts a verification link until 24 hours have passed and refuses it from then on", async () => {
    const early = uniqueEmail("early");
    const late = uniqueEmail("late");
    await signUp(app, early);
    await signUp(app, late);
    clock.advance(24 * HOUR - 1);

    expect(dataOf(await verify(lastTokenTo(early)), "verifyEmail")).toBe(true);
    clock.advance(1);
    expect(errorOf(await verify(lastTokenTo(late)))).toEqual(INVALID_LINK);
  });

  it("refuses an altered or unknown token with the one invalid-link answer", async () => {
    const email = uniqueEmail("altered");
    await signUp(app, email);
    const token = lastTokenTo(email);
    const altered = `${token[0] === "A" ? "B" : "A"}${token.slice(1)}`;

    expect(errorOf(await verify(altered))).toEqual(INVALID_LINK);
    expect(errorOf(await verify(""))).toEqual(INVALID_LINK);
    expect(dataOf(await verify(token), "verifyEmail")).toBe(true);
  });

  it("mails a new link on requestEmailVerification, and nothing once verified", async () => {
    const email = uniqueEmail("again");
    const user = await signUp(app, email);
    const ask = () => app.graphql(REQUEST_EMAIL_VERIFICATION, {}, { token: user.accessToken });

    expect(dataOf(await ask(), "requestEmailVerification")).toBe(true);
    const sent = app.mailbox.sent.filter((mail) => mail.to === email);
    expect(sent).toHaveLength(2);
    dataOf(await verify(lastTokenTo(email)), "verifyEmail");

    expect(dataOf(await ask(), "requestEmailVerification")).toBe(true);
    expect(app.mailbox.sent.filter((mail) => mail.to === email)).toHaveLength(2);
  });

  it("refuses requestEmailVerification without a token", async () => {
    const response = await app.graphql(REQUEST_EMAIL_VERIFICATION);
    expect(errorOf(response)).toEqual({
      code: "UNAUTHENTICATED",
      message: "You must be signed in.",
    });
  });

  it("limits verification mails per address with RATE_LIMITED", async () => {
    const email = uniqueEmail("flood");
    const user = await signUp(app, email);
    const ask = () => app.graphql(REQUEST_EMAIL_VERIFICATION, {}, { token: user.accessToken });
    for (let i = 0; i < 5; i++) dataOf(await ask(), "requestEmailVerification");

    expect(errorOf(await ask())).toEqual({
      code: "RATE_LIMITED",
      message: "Too many verification mails requested. Try again later.",
    });
  });

  it("mails nothing when an ADMIN creates a user, who starts unverified", async () => {
    const admin = await signInAsAdmin(app);
    const email = uniqueEmail("created");
    const sent = app.mailbox.sent.length;

    const created = await app.graphql(
      CREATE_USER,
      { email, password: "a password for the new user" },
      { token: admin.accessToken },
    );
    dataOf(created, "createUser");

    expect(app.mailbox.sent.length).toBe(sent);
    const user = await app.graphql(
      "query($id: ID!) { user(id: $id) { emailVerified } }",
      { id: created.body.data.createUser.id },
      { token: admin.accessToken },
    );
    expect(dataOf(user, "user")).toEqual({ emailVerified: false });
  });
});
