import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { PassThrough } from "node:stream";
import { stripVTControlCharacters } from "node:util";
import { httpListener } from "@gatehouse/functions/local";
import { fastHasher } from "@gatehouse/testing";
import { createTestApp, type TestApp } from "@gatehouse/testing/http";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { PromptCancelled, promptHidden } from "../../scripts/ops/hidden-prompt.js";
import { closedPort, runScript } from "../support/cli.js";
import { INVALID_CREDENTIALS } from "../support/errors.js";
import { ME, PASSWORD, signUp } from "../support/gql.js";

let app: TestApp;
let server: Server;
let url: string;

beforeAll(async () => {
  app = await createTestApp({ endpoint: inject("dynamoEndpoint"), hasher: fastHasher() });
  await signUp(app, "sandbox@example.com");
  server = createServer(httpListener(app.handler, app.runtime.config.maxBodyBytes));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const token = (args: string[], env: Record<string, string> = {}) =>
  runScript("scripts/ops/token.ts", args, env);

describe("npm run token", () => {
  it("logs in with the password from GATEHOUSE_PASSWORD and prints a working bearer header", async () => {
    const { code, stdout, stderr } = await token(["--email", "sandbox@example.com", "--url", url], {
      GATEHOUSE_PASSWORD: PASSWORD,
    });
    expect(stderr).toBe("");
    expect(code).toBe(0);
    const bearer = /^Authorization: Bearer (\S+)\n/.exec(stdout)?.[1] ?? "";
    expect(stdout).toContain(JSON.stringify({ Authorization: `Bearer ${bearer}` }));
    const me = await app.graphql(ME, {}, { token: bearer });
    expect(me.body.data.me.email).toBe("sandbox@example.com");
  });

  it("refuses --password, saying why and what to use instead, before sending anything", async () => {
    const port = await closedPort();
    const { code, stdout, stderr } = await token([
      "--email",
      "sandbox@example.com",
      "--password",
      PASSWORD,
      "--url",
      `http://127.0.0.1:${port}/graphql`,
    ]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toBe(
      "token: --password is refused: a password on the command line stays in your shell history and npm prints it. Leave it out to be asked for it, or set GATEHOUSE_PASSWORD.\n" +
        "usage: npm run token -- --email EMAIL [--url URL]\n",
    );
  });

  it("refuses to run without a password when stdin is not a terminal to ask on", async () => {
    const { code, stdout, stderr } = await token(["--email", "sandbox@example.com", "--url", url]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain(
      "token: no password: run it in a terminal to be asked for it, or set GATEHOUSE_PASSWORD.\n",
    );
  });

  it("says the login failed, with the public code, for a wrong password", async () => {
    const { code, stdout, stderr } = await token(["--email", "sandbox@example.com", "--url", url], {
      GATEHOUSE_PASSWORD: "not the password at all",
    });
    expect(code).toBe(1);
    expect(stdout).toBe("");
    const { message, code: publicCode } = INVALID_CREDENTIALS;
    expect(stderr).toBe(`Login failed: ${message} (${publicCode})\n`);
  });
});

describe("the hidden password prompt", () => {
  function terminal() {
    const input = new PassThrough();
    const output = new PassThrough();
    let shown = "";
    output.on("data", (chunk: Buffer) => {
      shown += chunk.toString();
    });
    // Cursor movements are readline redrawing the line; the text is what a person would see.
    return { input, output, shown: () => stripVTControlCharacters(shown) };
  }

  it("shows the question but never what is typed", async () => {
    const { input, output, shown } = terminal();
    const answer = promptHidden("Password for a@example.com: ", input, output);
    input.write("s3cret pass\r");
    expect(await answer).toBe("s3cret pass");
    expect(shown()).toBe("Password for a@example.com: \n");
  });

  it("gives up when Ctrl-C is pressed", async () => {
    const { input, output, shown } = terminal();
    const answer = promptHidden("Password: ", input, output);
    input.write("half");
    input.write("\u0003");
    await expect(answer).rejects.toBeInstanceOf(PromptCancelled);
    expect(shown()).not.toContain("half");
  });
});
