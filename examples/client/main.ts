// `npm run example`: a client's life against a running Gatehouse (`npm start` in another
// terminal). Set GATEHOUSE_URL to point it elsewhere.
import { randomUUID } from "node:crypto";
import { GatehouseClient } from "./gatehouse-client.js";

const url = process.env.GATEHOUSE_URL ?? "http://localhost:4000/graphql";
const client = new GatehouseClient(url);
const email = `example-${randomUUID().slice(0, 8)}@example.com`;
const password = "an example passphrase that is long";

const signedUp = await client.signUp(email, password);
console.log(`signed up as ${signedUp.user.email}; access token lasts ${signedUp.expiresIn} s`);

const loggedIn = await client.login(email, password);
console.log(`logged in again: a second session for user ${loggedIn.user.id}`);

const { me } = await client.request<{ me: { email: string; roles: string[] } }>(
  "{ me { email roles } }",
);
console.log(`me: ${me.email} ${JSON.stringify(me.roles)}`);

const { sessions } = await client.request<{ sessions: { id: string; current: boolean }[] }>(
  "{ sessions { id current } }",
);
console.log(`live sessions: ${sessions.length} (current: ${sessions.find((s) => s.current)?.id})`);

await client.logout();
console.log(`logged out; signed in: ${client.signedIn}`);
