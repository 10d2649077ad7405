// The pages mailed links open: `/account/verify-email`, `/account/reset-password` and
// `/account/confirm-email`, each with `#token=…`. The secret is in the fragment so a browser
// never sends it to a server (RFC 3986 §3.5) and no Referer carries it; the page takes it out
// of the address bar and history at once, then posts it to the mutation (opening a link by
// itself changes nothing).
import { call } from "./api.js";
import { byId, complain, field, onSubmit, say, show } from "./dom.js";

const VERIFY_EMAIL = "mutation VerifyEmail($token: String!) { verifyEmail(token: $token) }";
const RESET_PASSWORD = `mutation ResetPassword($token: String!, $newPassword: String!) {
  resetPassword(token: $token, newPassword: $newPassword)
}`;
const CONFIRM_EMAIL =
  "mutation ConfirmEmailChange($token: String!) { confirmEmailChange(token: $token) }";

/** What each link page is called and does. */
const LINKS = {
  "verify-email": { title: "Verify your email", done: "Your email address is verified." },
  "reset-password": {
    title: "Choose a new password",
    done: "Your password is changed. Every session has ended: log in with the new password.",
  },
  "confirm-email": { title: "Confirm your new email", done: "Your email address is changed." },
} as const;

type LinkPage = keyof typeof LINKS;

/** The link page this path names, if any. */
export function linkPageOf(pathname: string): LinkPage | null {
  const name = pathname.replace(/^\/account\/?/, "").replace(/\/$/, "");
  return Object.hasOwn(LINKS, name) ? (name as LinkPage) : null;
}

/** Reads the token from the fragment and removes it from the address bar and history. */
function takeToken(): string {
  const token = new URLSearchParams(location.hash.slice(1)).get("token") ?? "";
  history.replaceState(null, "", location.pathname);
  return token;
}

/** Shows a link page and does what it is for. */
export function openLinkPage(page: LinkPage): void {
  const token = takeToken();
  byId("link-title").textContent = LINKS[page].title;
  show("link");
  if (token === "") {
    complain(new Error("This link is incomplete: open the whole link from the mail."));
    return;
  }
  const finished = () => say(LINKS[page].done);
  if (page === "reset-password") {
    const form = byId<HTMLFormElement>("reset-form");
    form.hidden = false;
    onSubmit(form, async () => {
      const newPassword = field(form, "password");
      await call<boolean>(RESET_PASSWORD, { token, newPassword }, "resetPassword");
      form.hidden = true;
      finished();
    });
    return;
  }
  const [query, mutation] =
    page === "verify-email" ? [VERIFY_EMAIL, "verifyEmail"] : [CONFIRM_EMAIL, "confirmEmailChange"];
  say("Checking the link…");
  call<boolean>(query, { token }, mutation).then(finished, complain);
}
