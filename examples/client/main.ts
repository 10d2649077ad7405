// `npm run example`: a client's life against a running Gatehouse (`npm start` in another
// terminal). GATEHOUSE_URL points it elsewhere (a base URL, or the full /graphql endpoint);
// PORT follows `npm start`'s.
import { randomUUID } from "node:crypto";
import { ClientError } from "graphql-request";
import { GatehouseClient } from "./gatehouse-client.js";
import { graphqlEndpoint, unreachableCode } from "./target.js";

async function main(url: string): Promise<void> {
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
  console.log(
    `live sessions: ${sessions.length} (current: ${sessions.find((s) => s.current)?.id})`,
  );

  await client.logout();
  console.log(`logged out; signed in: ${client.signedIn}`);
}

/** One line a newcomer can act on, instead of a stack trace. */
function explain(error: unknown, url: string): string {
  const code = unreachableCode(error);
  if (code !== null) {
    return `No Gatehouse answers at ${url} (${code}): start the API first: npm start (or set GATEHOUSE_URL or PORT to where it runs).`;
  }
  if (error instanceof ClientError) {
    const first = error.response.errors?.[0];
    const reason = first
      ? `${first.message} (${first.extensions?.code ?? "no code"})`
      : `HTTP ${error.response.status}`;
    return `Gatehouse at ${url} refused the example: ${reason}`;
  }
  return `The example failed against ${url}: ${error instanceof Error ? error.message : error}`;
}

const target = graphqlEndpoint(process.env);
if (typeof target !== "string") {
  console.error(target.problem);
  process.exit(2);
}
await main(target).catch((error: unknown) => {
  console.error(explain(error, target));
  process.exit(1);
});
