// The signed-in view: who the caller is, their sessions (each can be ended), and logging out.
import { callSignedIn, forget } from "./api.js";
import { byId, itemWithAction, say, show } from "./dom.js";
import { FACTOR_FIELDS, type FactorsData, USER_FIELDS, type UserData } from "./fields.js";
import { renderFactors } from "./totp.js";

interface SessionData {
  readonly id: string;
  readonly createdAt: string;
  readonly lastUsedAt: string;
  readonly current: boolean;
}

const ACCOUNT = `query Account {
  me { ${USER_FIELDS} ${FACTOR_FIELDS} }
  sessions { id createdAt lastUsedAt current }
}`;
const END_SESSION = "mutation EndSession($id: ID!) { endSession(id: $id) }";
const LOGOUT = "mutation Logout { logout }";

const when = (iso: string) => new Date(iso).toLocaleString();

function renderMe(me: UserData): void {
  byId("me-email").textContent = me.email;
  byId("me-roles").textContent = me.roles.join(", ");
  byId("me-verified").textContent = me.emailVerified ? "yes" : "no";
  byId("send-verification").hidden = me.emailVerified;
}

function sessionItem(session: SessionData, signedOut: () => void, reload: () => Promise<void>) {
  const text =
    `Started ${when(session.createdAt)}, last used ${when(session.lastUsedAt)}` +
    (session.current ? " (this page)" : "");
  const label = { label: "End", ariaLabel: `End the session started ${when(session.createdAt)}` };
  const item = itemWithAction(text, label, async () => {
    await callSignedIn<boolean>(END_SESSION, { id: session.id }, "endSession");
    if (session.current) return signedOut();
    say("The session has ended.");
    await reload();
  });
  item.dataset.session = session.id;
  return item;
}

/** Wires the log-out button and returns the function that shows the account, fresh. */
export function setUpAccount(signedOut: () => void): () => Promise<void> {
  const load = async (): Promise<void> => {
    const { me, sessions } = await callSignedIn<{
      me: UserData & { secondFactors: FactorsData };
      sessions: SessionData[];
    }>(ACCOUNT, {});
    renderMe(me);
    renderFactors(me.secondFactors);
    byId("sessions").replaceChildren(
      ...sessions.map((session) => sessionItem(session, signedOut, load)),
    );
  };
  byId("logout").addEventListener("click", () => {
    callSignedIn<boolean>(LOGOUT, {}, "logout")
      .catch(() => false)
      .finally(() => {
        forget();
        signedOut();
      });
  });
  return async () => {
    await load();
    if (byId("signed-in").hidden) show("signed-in");
  };
}
