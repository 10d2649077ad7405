import type { AuthDeps } from "../deps.js";
import { reportUndelivered, sendOrLog } from "../mail/outbox.js";
import {
  recoveryCodeUsedNotice,
  type SecondFactorKind,
  secondFactorAddedNotice,
  secondFactorRemovedNotice,
} from "../mail/templates.js";
import type { SecondFactors, UserProfile } from "../ports.js";

// The contract's notices of second-factor changes, sent only after the change is committed:
// a mail that fails is one fixed log line and the change holds (a confirmed enrolment keeps
// the recovery codes it returns). No link, no secret: only what happened (OWASP ASVS 5 §6.3).

/** Tells the owner a factor of `kind` was added. */
export async function noticeFactorAdded(
  deps: Pick<AuthDeps, "mail">,
  user: UserProfile,
  kind: SecondFactorKind,
) {
  await sendOrLog(
    deps.mail,
    { to: user.email, ...secondFactorAddedNotice(kind) },
    "second-factor-notice",
  );
}

/** Tells the owner each factor of `removed` (the ones in force before the change) was removed. */
export async function noticeFactorsRemoved(
  deps: Pick<AuthDeps, "mail">,
  user: UserProfile,
  removed: SecondFactors,
) {
  const kinds: SecondFactorKind[] = [
    ...(removed.totp ? (["totp"] as const) : []),
    ...(removed.passkeys > 0 ? (["passkey"] as const) : []),
  ];
  for (const kind of kinds) {
    const notice = { to: user.email, ...secondFactorRemovedNotice(kind) };
    await sendOrLog(deps.mail, notice, "second-factor-notice");
  }
}

/** Tells the owner a recovery code was used, and how many are left. */
export async function noticeRecoveryCodeUsed(
  deps: Pick<AuthDeps, "mail" | "stores">,
  user: UserProfile,
) {
  // The code is spent already: a count that cannot be read costs the notice, never the sign-in.
  const left = await deps.stores.factors.recoveryCodesLeft(user.id).catch(() => null);
  if (left === null) {
    reportUndelivered("recovery-code-notice");
    return;
  }
  const notice = { to: user.email, ...recoveryCodeUsedNotice(left) };
  await sendOrLog(deps.mail, notice, "recovery-code-notice");
}
