/**
 * `sst.config.ts` and `infra/` evaluated with stand-ins for SST's globals (test/support/sst.ts)
 * that record every resource and route, so the deployment's shape is checked without AWS or
 * SST's engine: table keys and TTL, the secret, routes and their handlers on disk, links,
 * runtime, the authorizers, and what the production stage keeps. `npm run check:infra`
 * type-checks the same files against SST's own platform types.
 */
import { existsSync, readFileSync } from "node:fs";
import { TABLE_SCHEMA } from "@gatehouse/core/dynamo";
import { SETTINGS } from "@gatehouse/functions";
import { describe, expect, it } from "vitest";
import { evaluate, useCleanShell } from "../support/sst.js";

/** Where mailed links lead on a stage whose account page is off. */
const APP_URL = "https://app.example.com/account";

const root = new URL("../../", import.meta.url);

/** `packages/x/src/file.exportName` → the file SST bundles and the export it invokes. */
function handlerSource(handler: string) {
  const match = /^(.+)\.(\w+)$/.exec(handler);
  if (!match?.[1] || !match[2]) throw new Error(`not a handler path: ${handler}`);
  const file = new URL(`${match[1]}.ts`, root);
  return { file, exportName: match[2], exists: existsSync(file) };
}

function exportsName(file: URL, name: string): boolean {
  const source = readFileSync(file, "utf8");
  return new RegExp(`^export (?:const|(?:async )?function) ${name}\\b`, "m").test(source);
}

useCleanShell();

describe("the SST app", () => {
  it("pins SST to the installed version, on AWS in one region", async () => {
    const { app } = await evaluate("ci");
    const installed = JSON.parse(
      readFileSync(new URL("node_modules/sst/package.json", root), "utf8"),
    ).version;
    const pinned = JSON.parse(
      readFileSync(new URL("packages/functions/package.json", root), "utf8"),
    ).dependencies.sst;

    expect(app).toMatchObject({ name: "gatehouse", home: "aws", version: installed });
    expect(pinned).toBe(installed);
    expect(app.providers.aws.region).toBe("us-east-1");
  });

  it("protects and retains the production stage only", async () => {
    process.env.GATEHOUSE_APP_URL = APP_URL;
    expect((await evaluate("production")).app).toMatchObject({ protect: true, removal: "retain" });
    expect((await evaluate("dev")).app).toMatchObject({ protect: false, removal: "remove" });
  });

  it("defines the table with the keys, index and TTL attribute the DynamoDB adapter uses", async () => {
    const { args } = (await evaluate("ci")).find("sst.aws.Dynamo", "Table");
    const { partitionKey, sortKey, usersIndex, ttlAttribute } = TABLE_SCHEMA;

    expect(args.primaryIndex).toEqual({ hashKey: partitionKey, rangeKey: sortKey });
    expect(args.globalIndexes).toEqual({
      [usersIndex.name]: {
        hashKey: usersIndex.partitionKey,
        rangeKey: usersIndex.sortKey,
        projection: "all",
      },
    });
    expect(args.fields).toEqual({
      [partitionKey]: "string",
      [sortKey]: "string",
      [usersIndex.partitionKey]: "string",
      [usersIndex.sortKey]: "string",
    });
    expect(args.ttl).toBe(ttlAttribute);
    expect(ttlAttribute).toBe("ttl");
  });

  it("keeps the signing keys in the SigningKeys secret and the TOTP keys in TotpKeys", async () => {
    const { recorded } = await evaluate("ci");
    expect(recorded.filter((entry) => entry.kind === "sst.Secret").map((e) => e.name)).toEqual([
      "SigningKeys",
      "TotpKeys",
    ]);
  });
});

describe("the HTTP API", () => {
  it("routes $default to the handler that packages/functions/src/handlers/http.ts exports", async () => {
    const { recorded, outputs, find } = await evaluate("ci");
    const routes = recorded.filter((entry) => entry.kind === "route");
    const { handler, args } = find("route", "$default").args;
    const source = handlerSource(handler.handler);

    expect(routes.map((route) => route.name)).toEqual([
      "$default",
      "ANY /account",
      "ANY /account/{proxy+}",
    ]);
    expect(handler.handler).toBe("packages/functions/src/handlers/http.handler");
    expect(source.exists).toBe(true);
    expect(exportsName(source.file, source.exportName)).toBe(true);
    // Public at the gateway: the handler authenticates each request, and login needs no token.
    expect(args?.auth).toBeUndefined();
    expect(outputs.url).toBe("url:Api");
  });

  it("links the function to the table and the two secrets, and nothing else", async () => {
    const { find } = await evaluate("ci");
    const { handler } = find("route", "$default").args;

    expect(handler.link).toEqual([
      find("sst.aws.Dynamo", "Table").instance,
      find("sst.Secret", "SigningKeys").instance,
      find("sst.Secret", "TotpKeys").instance,
    ]);
    expect(handler.permissions).toBeUndefined();
  });

  it("runs on Node 24 (arm64) with the argon2 addon and the lazily loaded mail, TOTP and WebAuthn libraries installed beside the bundle", async () => {
    const { find } = await evaluate("ci");
    const { handler } = find("route", "$default").args;
    const core = JSON.parse(readFileSync(new URL("packages/core/package.json", root), "utf8"));

    expect(handler).toMatchObject({ runtime: "nodejs24.x", architecture: "arm64" });
    expect(handler.nodejs.install).toEqual({
      "@node-rs/argon2": core.dependencies["@node-rs/argon2"],
      nodemailer: core.dependencies.nodemailer,
      "@aws-sdk/client-sesv2": core.dependencies["@aws-sdk/client-sesv2"],
      otplib: core.dependencies.otplib,
      qrcode: core.dependencies.qrcode,
      "@simplewebauthn/server": core.dependencies["@simplewebauthn/server"],
    });
  });

  it("bundles one build of each package, with the esbuild settings scripts/ci/bundle.ts uses", async () => {
    const { find } = await evaluate("ci");
    const { handler } = find("route", "$default").args;
    const { esbuildOptions } = await import("../../infra/esbuild.js");

    expect(handler.nodejs.esbuild).toEqual(esbuildOptions);
    expect(esbuildOptions.conditions).toEqual(["@gatehouse/source", "module", "import"]);
  });

  it("names the API's own URL as issuer, and runs production stages in production mode", async () => {
    const ci = await evaluate("ci");
    expect(ci.find("route", "$default").args.handler.environment).toEqual({
      GATEHOUSE_ENV: "development",
      GATEHOUSE_ISSUER: "url:Api",
    });
    process.env.GATEHOUSE_APP_URL = APP_URL;
    for (const stage of ["production", "staging"]) {
      const { environment } = (await evaluate(stage)).find("route", "$default").args.handler;
      expect(environment.GATEHOUSE_ENV).toBe("production");
    }
    delete process.env.GATEHOUSE_APP_URL;
    process.env.GATEHOUSE_ISSUER = "https://auth.example.com";
    process.env.GATEHOUSE_ACCESS_TOKEN_TTL = "600";
    const custom = await evaluate("ci");
    expect(custom.find("route", "$default").args.handler.environment).toMatchObject({
      GATEHOUSE_ISSUER: "https://auth.example.com",
      GATEHOUSE_ACCESS_TOKEN_TTL: "600",
    });
  });

  it("passes the deploying shell's value of every deployable setting of the table, and of no other", async () => {
    // GATEHOUSE_ variables only: afterEach puts the shell's back.
    const settings = Object.values(SETTINGS).filter(({ env }) => env.startsWith("GATEHOUSE_"));
    for (const { env } of settings) process.env[env] = `shell:${env}`;
    const { environment } = (await evaluate("ci")).find("route", "$default").args.handler;
    for (const { env, deployable } of settings) {
      if (deployable) expect(environment[env], env).toBe(`shell:${env}`);
      else expect(environment[env], env).not.toBe(`shell:${env}`);
    }
  });
});

describe("the account page's function", () => {
  it("serves /account and everything under it from its own function, linked to nothing", async () => {
    const { recorded, find } = await evaluate("ci");
    const page = find("sst.aws.Function", "AccountPage");
    const source = handlerSource(page.args.handler);
    const routes = recorded.filter((entry) => entry.kind === "route" && entry.name !== "$default");

    expect(page.args.handler).toBe("packages/functions/src/handlers/account-page.handler");
    expect(source.exists).toBe(true);
    expect(exportsName(source.file, source.exportName)).toBe(true);
    expect(routes.map((route) => [route.name, route.args.handler])).toEqual([
      ["ANY /account", (page.instance as { arn: string }).arn],
      ["ANY /account/{proxy+}", (page.instance as { arn: string }).arn],
    ]);
    expect(page.args.link).toBeUndefined();
    expect(page.args.environment).toEqual({ GATEHOUSE_ENV: "development" });
    expect(page.args).toMatchObject({ runtime: "nodejs24.x", architecture: "arm64" });
    expect(page.args.nodejs.install).toBeUndefined();
  });

  it("is not created on production stages, unless GATEHOUSE_ACCOUNT_PAGE is on", async () => {
    process.env.GATEHOUSE_APP_URL = APP_URL;
    for (const stage of ["production", "staging"]) {
      const { recorded } = await evaluate(stage);
      expect(
        recorded.filter((entry) => entry.name === "AccountPage"),
        stage,
      ).toEqual([]);
      expect(recorded.filter((entry) => entry.kind === "route").map((entry) => entry.name)).toEqual(
        ["$default"],
      );
    }
    process.env.GATEHOUSE_ACCOUNT_PAGE = "on";
    const on = await evaluate("production");
    expect(on.find("sst.aws.Function", "AccountPage").args.environment).toEqual({
      GATEHOUSE_ENV: "production",
      GATEHOUSE_ACCOUNT_PAGE: "on",
    });
  });

  it("is not created on a development stage where GATEHOUSE_ACCOUNT_PAGE is off", async () => {
    process.env.GATEHOUSE_ACCOUNT_PAGE = "off";
    process.env.GATEHOUSE_APP_URL = APP_URL;
    const { recorded } = await evaluate("ci");

    expect(recorded.filter((entry) => entry.name === "AccountPage")).toEqual([]);
  });

  it("is not created for a value other than on or off, which the API refuses at cold start", async () => {
    process.env.GATEHOUSE_ACCOUNT_PAGE = "yes";
    process.env.GATEHOUSE_APP_URL = APP_URL;
    const { recorded } = await evaluate("ci");

    expect(recorded.filter((entry) => entry.name === "AccountPage")).toEqual([]);
  });
});

describe("where mailed links lead", () => {
  it("refuses to deploy a stage that serves no account page and names no GATEHOUSE_APP_URL", async () => {
    await expect(evaluate("production")).rejects.toThrow(
      "gatehouse(): this stage serves no account page (GATEHOUSE_ACCOUNT_PAGE is off, the production default), so the links Gatehouse mails would lead nowhere: set GATEHOUSE_APP_URL",
    );
    process.env.GATEHOUSE_ACCOUNT_PAGE = "on";
    await expect(evaluate("production")).resolves.toBeDefined();
  });
});

describe("the authorizers", () => {
  it.each([
    ["GatewayAuthorizer", "packages/functions/src/handlers/authorizers.apiGatewayAuthorizer"],
    ["AppSyncAuthorizer", "packages/functions/src/handlers/authorizers.appSyncAuthorizer"],
  ])(
    "deploys %s from an export that exists, with the API's runtime, links (but the TOTP keys) and settings",
    async (name, handler) => {
      const { find } = await evaluate("ci");
      const fn = find("sst.aws.Function", name).args;
      const api = find("route", "$default").args.handler;
      const source = handlerSource(fn.handler);

      expect(fn.handler).toBe(handler);
      expect(source.exists).toBe(true);
      expect(exportsName(source.file, source.exportName)).toBe(true);
      expect(fn.link).toEqual(
        api.link.filter((linked: { value?: string }) => linked.value !== "secret:TotpKeys"),
      );
      expect(fn.environment).toEqual(api.environment);
      expect(fn).toMatchObject({
        runtime: "nodejs24.x",
        architecture: "arm64",
        timeout: "5 seconds",
      });
    },
  );

  it("registers the gateway authorizer on the API (payload 2.0, simple responses, uncached)", async () => {
    const { find, outputs } = await evaluate("ci");
    const gateway = find("sst.aws.Function", "GatewayAuthorizer").instance as { arn: string };
    const { args, instance } = find("authorizer", "Gatehouse");

    expect(args.lambda).toEqual({
      function: gateway.arn,
      payload: "2.0",
      response: "simple",
      identitySources: ["$request.header.Authorization"],
    });
    expect(args.lambda.ttl).toBeUndefined();
    expect(outputs.authorizerId).toBe((instance as { id: string }).id);
    expect(outputs.appSyncAuthorizer).toBe(
      (find("sst.aws.Function", "AppSyncAuthorizer").instance as { arn: string }).arn,
    );
  });

  it("are typed for handlers in the committed sst-env.d.ts, as SST generates it", async () => {
    const { recorded } = await evaluate("ci");
    const declared = readFileSync(new URL("packages/functions/sst-env.d.ts", root), "utf8");
    const linkable = recorded.filter((entry) =>
      ["sst.aws.Dynamo", "sst.Secret", "sst.aws.Function", "sst.aws.ApiGatewayV2"].includes(
        entry.kind,
      ),
    );
    for (const { kind, name } of linkable) {
      expect(declared, `${kind} ${name}`).toMatch(
        new RegExp(`"${name}": \\{[^}]*"type": "${kind.replace("sst.Secret", "sst.sst.Secret")}"`),
      );
    }
  });
});
