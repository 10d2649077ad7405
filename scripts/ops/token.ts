// `npm run token -- --email EMAIL [--password PASSWORD] [--url URL]`: logs in to a running
// Gatehouse and prints the header to paste into Apollo Sandbox's "Headers" panel.
import { parseArgs } from "node:util";

const { values } = parseArgs({
  options: {
    email: { type: "string" },
    password: { type: "string" },
    url: { type: "string", default: `http://localhost:${process.env.PORT || 4000}/graphql` },
  },
});
const password = values.password ?? process.env.GATEHOUSE_PASSWORD;
if (values.email === undefined || password === undefined) {
  console.error("usage: npm run token -- --email EMAIL [--password PASSWORD] [--url URL]");
  console.error("The password may come from GATEHOUSE_PASSWORD instead.");
  process.exit(2);
}

const response = await fetch(values.url, {
  method: "POST",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({
    query:
      "mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken expiresIn } }",
    variables: { email: values.email, password },
  }),
}).catch(() => {
  console.error(`No Gatehouse answers at ${values.url}: is npm start running?`);
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
