// `npm run token -- --email EMAIL [--url URL]`: logs in to a running Gatehouse and prints the
// header to paste into Apollo Sandbox's "Headers" panel. The password comes from a hidden
// prompt or GATEHOUSE_PASSWORD, never the command line: shell history and npm's echo of the
// command would keep it.
import { parseArgs } from "node:util";
import { PromptCancelled, promptHidden } from "./hidden-prompt.js";

const USAGE = "usage: npm run token -- --email EMAIL [--url URL]";

function refuse(line: string): never {
  console.error(`token: ${line}`);
  console.error(USAGE);
  process.exit(2);
}

const { values } = parseArgs({
  options: {
    email: { type: "string" },
    // Declared only to refuse it with a reason rather than parseArgs' "Unknown option".
    password: { type: "string" },
    url: { type: "string", default: `http://localhost:${process.env.PORT || 4000}/graphql` },
  },
});
if (values.password !== undefined) {
  refuse(
    "--password is refused: a password on the command line stays in your shell history and npm prints it. Leave it out to be asked for it, or set GATEHOUSE_PASSWORD.",
  );
}
if (values.email === undefined) refuse("--email is required.");

async function readPassword(email: string): Promise<string> {
  const fromEnv = process.env.GATEHOUSE_PASSWORD;
  if (fromEnv) return fromEnv;
  if (!process.stdin.isTTY) {
    refuse("no password: run it in a terminal to be asked for it, or set GATEHOUSE_PASSWORD.");
  }
  try {
    return await promptHidden(`Password for ${email}: `, process.stdin, process.stderr);
  } catch (error) {
    if (error instanceof PromptCancelled) process.exit(130);
    throw error;
  }
}
const password = await readPassword(values.email);

const response = await fetch(values.url, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({
    query:
      "mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken expiresIn } }",
    variables: { email: values.email, password },
  }),
}).catch(() => {
  console.error(`No Gatehouse answers at ${values.url}: start the API first: npm start`);
  process.exit(1);
});
const body = (await response.json()) as {
  data?: { login: { accessToken: string; expiresIn: number } } | null;
  errors?: { message: string; extensions?: { code?: string } }[];
};
const login = body.data?.login;
if (!login) {
  const error = body.errors?.[0];
  console.error(
    `Login failed: ${error?.message ?? response.status} (${error?.extensions?.code ?? "no code"})`,
  );
  process.exit(1);
}
console.log(`Authorization: Bearer ${login.accessToken}`);
console.log();
console.log(`For Apollo Sandbox (Headers), valid for ${Math.round(login.expiresIn / 60)} minutes:`);
console.log(JSON.stringify({ Authorization: `Bearer ${login.accessToken}` }));
