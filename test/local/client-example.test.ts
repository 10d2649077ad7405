import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { httpListener } from "@gatehouse/functions/local";
import { fastHasher, fixedClock } from "@gatehouse/testing";
import { createTestApp } from "@gatehouse/testing/http";
import { ClientError } from "graphql-request";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { GatehouseClient } from "../../examples/client/gatehouse-client.js";
import { closedPort, runScript } from "../support/cli.js";
import { PASSWORD } from "../support/gql.js";

const clock = fixedClock(Date.now());
let server: Server;
let url: string;
/** The operation names of every request the client sent. */
const sent: string[] = [];

const countingFetch: typeof fetch = (input, init) => {
  const body = typeof init?.body === "string" ? JSON.parse(init.body) : {};
  sent.push(/^\s*(query|mutation)\s+(\w+)/.exec(body.query ?? "")?.[2] ?? "anonymous");
  return fetch(input, init);
};

beforeAll(async () => {
  const app = await createTestApp({
    endpoint: inject("dynamoEndpoint"),
    hasher: fastHasher(),
    clock,
  });
  // The same adapter `npm start` serves through.
  server = createServer(httpListener(app.handler, app.runtime.config.maxBodyBytes));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe("the example client", () => {
  it("signs up, calls me, refreshes once when the token lapses, and logs out", async () => {
    const client = new GatehouseClient(url, { fetch: countingFetch });
    await client.signUp("client.example@example.com", PASSWORD);
    const first = await client.request<{ me: { email: string } }>("query Me { me { email } }");
    expect(first.me.email).toBe("client.example@example.com");

    // Past the access token's lifetime (and the 5 s tolerance): the next calls get 401.
    clock.advance(16 * 60 * 1000);
    sent.length = 0;
    const answers = await Promise.all(
      Array.from({ length: 5 }, () =>
        client.request<{ me: { email: string } }>("query Me { me { email } }"),
      ),
    );
    expect(answers.every((answer) => answer.me.email === "client.example@example.com")).toBe(true);
    // Five requests failed at once; exactly one refresh went out, then five retries.
    expect(sent.filter((name) => name === "Refresh")).toHaveLength(1);
    expect(sent.filter((name) => name === "Me")).toHaveLength(10);

    await client.logout();
    expect(client.signedIn).toBe(false);
  });

  it("gives up and forgets the session when the refresh token no longer works", async () => {
    const client = new GatehouseClient(url, { fetch: countingFetch });
    await client.login("client.example@example.com", PASSWORD);
    // Past the session's absolute end: refresh cannot save it.
    clock.advance(31 * 24 * 60 * 60 * 1000);
    const failure = await client
      .request("query Me { me { email } }")
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(ClientError);
    expect((failure as ClientError).response.errors?.[0]?.extensions?.code).toBe("UNAUTHENTICATED");
    expect(client.signedIn).toBe(false);
  });
});

const runExample = (env: Record<string, string>) => runScript("examples/client/main.ts", [], env);

describe("npm run example", () => {
  it("says to start the API first, with the URL it tried, when nothing listens on PORT", async () => {
    const port = await closedPort();
    const { code, stdout, stderr } = await runExample({ PORT: String(port) });
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      `No Gatehouse answers at http://localhost:${port}/graphql (ECONNREFUSED): start the API first: npm start (or set GATEHOUSE_URL or PORT to where it runs).\n`,
    );
  });

  it("runs a client's life against the server on PORT", async () => {
    const { code, stdout, stderr } = await runExample({ PORT: new URL(url).port });
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /^signed up as example-[0-9a-f]{8}@example\.com; access token lasts 900 s\n/,
    );
    expect(stdout).toContain("live sessions: 2");
    expect(stdout).toMatch(/logged out; signed in: false\n$/);
  });

  it("takes a base URL from GATEHOUSE_URL and sends to its /graphql", async () => {
    const { code, stdout } = await runExample({ GATEHOUSE_URL: new URL(url).origin, PORT: "1" });
    expect(code).toBe(0);
    expect(stdout).toMatch(/logged out; signed in: false\n$/);
  });

  it("refuses a GATEHOUSE_URL that is not a URL, with exit code 2", async () => {
    const { code, stderr } = await runExample({ GATEHOUSE_URL: "localhost:4000" });
    expect(code).toBe(2);
    expect(stderr).toBe(
      'GATEHOUSE_URL must be a URL such as http://localhost:4000 (got "localhost:4000")\n',
    );
  });
});
