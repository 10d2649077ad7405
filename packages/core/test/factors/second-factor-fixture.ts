import {
  recoveryCodeUsedNotice,
  secondFactorAddedNotice,
  secondFactorRemovedNotice,
  type UserProfile,
} from "@gatehouse/core";
import { generate } from "otplib";
import { authFixture } from "../support/auth.js";

/** One RFC 6238 step. */
export const STEP_MS = 30_000;

/** The code an authenticator app shows for `secret` at `epochMs`, with the same library. */
export const codeAt = (secret: string, epochMs: number) =>
  generate({ secret, epoch: Math.floor(epochMs / 1000) });

/** The subjects of the second-factor notices, as a test expects them. */
export const NOTICE = {
  added: secondFactorAddedNotice("totp").subject,
  removed: secondFactorRemovedNotice("totp").subject,
  recoveryCodeUsed: recoveryCodeUsedNotice(0).subject,
};
const NOTICE_SUBJECTS = new Set(Object.values(NOTICE));

/** The auth services with a signed-up user, helpers to enrol TOTP and to read the profile. */
export async function secondFactorFixture(settings: Parameters<typeof authFixture>[0] = {}) {
  const auth = await authFixture({ loginMaxFailures: 5, ...settings });
  const ada = await auth.signUp("ada@example.com");
  const factors = auth.services.secondFactors;

  /** Ada's profile as the store holds it now (what a request would read). */
  const profile = async (): Promise<UserProfile> => {
    const user = await auth.stores.users.get(ada.user.id);
    if (user === null) throw new Error("Ada is gone");
    const { passwordHash: _, ...rest } = user;
    return rest;
  };

  /** Enrols TOTP for Ada; the step of the confirming code is accepted already. */
  async function enrol() {
    const enrollment = await factors.beginTotpEnrollment(await profile());
    const code = await codeAt(enrollment.secret, auth.clock.now());
    const codes = await factors.confirmTotpEnrollment(
      await profile(),
      code,
      ada.principal.sessionId,
    );
    // The next step, so the confirming code's step is behind.
    auth.clock.advance(STEP_MS);
    return { ...enrollment, codes };
  }

  /** The subjects of the second-factor notices mailed so far, in order. */
  const notices = () =>
    auth.mail.sent.filter((mail) => NOTICE_SUBJECTS.has(mail.subject)).map((mail) => mail.subject);

  return { ...auth, ada, factors, profile, enrol, notices };
}
