/**
 * `gatehouse()` (infra/gatehouse.ts), the SST component a team calls in its own app, evaluated
 * with the stand-ins of test/support/sst.ts: what it returns, how a team's options reach the
 * functions, and the authorizer on the team's own HTTP API.
 */
import { describe, expect, it } from "vitest";
import { stubSstGlobals, useCleanShell } from "../support/sst.js";

// biome-ignore lint/suspicious/noExplicitAny: SST's resources are stand-ins here, untyped.
type Stub = any;

/** Stubs SST's globals and loads the component the way sst.config.ts does, inside `run()`. */
async function loadComponent() {
  const stubbed = stubSstGlobals("ci");
  // A variable specifier: the type-checker must not follow it into SST's platform types.
  const path = new URL("../../infra/gatehouse.ts", import.meta.url).href;
  const { gatehouse } = (await import(/* @vite-ignore */ path)) as {
    gatehouse: (options?: Record<string, unknown>) => Record<string, Stub>;
  };
  // biome-ignore lint/suspicious/noExplicitAny: the stand-in constructors stubSstGlobals installed.
  const sst = (globalThis as any).sst;
  const fn = (name: string) => stubbed.find("sst.aws.Function", name);
  const route = () => stubbed.find("route", "$default").args;
  return { gatehouse, sst, fn, route, ...stubbed };
}

useCleanShell();

describe("gatehouse()", () => {
  it("returns the URL, API, table, secrets and both authorizers it creates", async () => {
    const { gatehouse, find, fn } = await loadComponent();
    const auth = gatehouse();

    expect(auth.api).toBe(find("sst.aws.ApiGatewayV2", "Api").instance);
    expect(auth.url).toBe(auth.api.url);
    expect(auth.table).toBe(find("sst.aws.Dynamo", "Table").instance);
    expect(auth.signingKeys).toBe(find("sst.Secret", "SigningKeys").instance);
    expect(auth.totpKeys).toBe(find("sst.Secret", "TotpKeys").instance);
    expect(auth.gatewayAuthorizer).toBe(fn("GatewayAuthorizer").instance);
    expect(auth.appSyncAuthorizer).toBe(fn("AppSyncAuthorizer").instance);
    expect(auth.authorizer).toBe(find("authorizer", "Gatehouse").instance);
    expect(find("authorizer", "Gatehouse").args.api).toBe(auth.api);
  });

  it("returns the account page's function, or null where the page is off", async () => {
    const { gatehouse, fn } = await loadComponent();
    expect(gatehouse().accountPage).toBe(fn("AccountPage").instance);

    const off = await loadComponent();
    const settings = {
      GATEHOUSE_ACCOUNT_PAGE: "off",
      GATEHOUSE_APP_URL: "https://app.example.com/account",
    };
    expect(off.gatehouse({ settings }).accountPage).toBeNull();
    expect(off.recorded.filter((entry) => entry.name === "AccountPage")).toEqual([]);
  });

  it("registers the same authorizer function on a team's own HTTP API, once per API", async () => {
    const { gatehouse, sst, recorded } = await loadComponent();
    const auth = gatehouse();
    const orders = new sst.aws.ApiGatewayV2("Orders");

    const first = auth.authorizerFor(orders);
    const again = auth.authorizerFor(orders);
    const registrations = recorded.filter((entry) => entry.kind === "authorizer");

    expect(again).toBe(first);
    expect(first).not.toBe(auth.authorizer);
    expect(auth.authorizerFor(auth.api)).toBe(auth.authorizer);
    expect(registrations.map((entry) => entry.args.api)).toEqual([auth.api, orders]);
    expect(registrations[1]?.args.lambda).toEqual(registrations[0]?.args.lambda);
    expect(registrations[1]?.args.lambda.function).toBe(auth.gatewayAuthorizer.arn);
  });

  it("deploys a team's own entries for the API and the authorizers", async () => {
    const { gatehouse, route, fn } = await loadComponent();
    gatehouse({
      handler: "packages/api/src/gatehouse.handler",
      authorizerHandlers: { appSync: "packages/api/src/gatehouse.appSync" },
    });

    expect(route().handler.handler).toBe("packages/api/src/gatehouse.handler");
    expect(fn("AppSyncAuthorizer").args.handler).toBe("packages/api/src/gatehouse.appSync");
    expect(fn("GatewayAuthorizer").args.handler).toBe(
      "packages/functions/src/handlers/authorizers.apiGatewayAuthorizer",
    );
  });

  it("links a team's resources to every function, after the table and the secrets", async () => {
    const { gatehouse, fn, route } = await loadComponent();
    const bucket = { name: "team-bucket" };
    const auth = gatehouse({ link: [bucket] });
    const expected = [auth.table, auth.signingKeys, bucket];

    // The TOTP keys reach the API function only: the authorizers never use them.
    expect(route().handler.link).toEqual([auth.table, auth.signingKeys, auth.totpKeys, bucket]);
    expect(fn("GatewayAuthorizer").args.link).toEqual(expected);
    expect(fn("AppSyncAuthorizer").args.link).toEqual(expected);
  });

  it("sizes the API function as asked and leaves the authorizers at theirs", async () => {
    const { gatehouse, fn, route } = await loadComponent();
    gatehouse({ memory: "2048 MB", timeout: "20 seconds" });

    expect(route().handler).toMatchObject({ memory: "2048 MB", timeout: "20 seconds" });
    expect(fn("GatewayAuthorizer").args).toMatchObject({ memory: "512 MB", timeout: "5 seconds" });
  });

  it("passes settings given in code to every function, over the deploying shell's", async () => {
    const { gatehouse, fn, route } = await loadComponent();
    process.env.GATEHOUSE_AUDIENCE = "from-shell";
    process.env.GATEHOUSE_ACCESS_TOKEN_TTL = "600";
    gatehouse({
      settings: { GATEHOUSE_AUDIENCE: "orders", GATEHOUSE_ISSUER: "https://auth.example.com" },
    });
    const expected = {
      GATEHOUSE_AUDIENCE: "orders",
      GATEHOUSE_ISSUER: "https://auth.example.com",
      GATEHOUSE_ACCESS_TOKEN_TTL: "600",
    };

    expect(route().handler.environment).toMatchObject(expected);
    expect(fn("AppSyncAuthorizer").args.environment).toEqual(route().handler.environment);
  });

  it("refuses a setting that is not deployable, naming it, before creating anything", async () => {
    const { gatehouse, recorded } = await loadComponent();

    expect(() =>
      gatehouse({ settings: { GATEHOUSE_TABLE_NAME: "other", GATEHOUSE_TYPO: "1" } }),
    ).toThrow(
      new TypeError(
        "gatehouse(): GATEHOUSE_TABLE_NAME, GATEHOUSE_TYPO are not deployable settings; see docs/configuration.md",
      ),
    );
    expect(recorded).toEqual([]);
  });

  it("puts the API on a custom domain when given one", async () => {
    const { gatehouse, find } = await loadComponent();
    gatehouse({ domain: "auth.example.com" });

    expect(find("sst.aws.ApiGatewayV2", "Api").args.domain).toBe("auth.example.com");
  });

  it("refuses a second Gatehouse in the same app, saying why", async () => {
    const { gatehouse, recorded } = await loadComponent();
    gatehouse();
    const created = recorded.length;

    expect(() => gatehouse()).toThrow(
      "gatehouse() was already called in this app: one Gatehouse per app (its functions find their table and keys by the link names Table and SigningKeys); share the returned object instead",
    );
    expect(recorded).toHaveLength(created);
  });
});

describe("gatehouse() mail", () => {
  it("creates an SES identity from GATEHOUSE_MAIL_FROM, links it to the API function alone, and sets the mail environment", async () => {
    const { gatehouse, find, fn, route } = await loadComponent();

    const auth = gatehouse({ settings: { GATEHOUSE_MAIL_FROM: "Gatehouse <auth@example.com>" } });

    const identity = find("sst.aws.Email", "Mail");
    expect(identity.args.sender).toBe("auth@example.com");
    expect(auth.email).toBe(identity.instance);
    expect(route().handler.link).toContain(identity.instance);
    expect(route().handler.environment).toMatchObject({
      GATEHOUSE_MAIL: "ses",
      GATEHOUSE_MAIL_FROM: "Gatehouse <auth@example.com>",
    });
    expect(fn("GatewayAuthorizer").args.link).not.toContain(identity.instance);
  });

  it("takes the sender from the deploying shell, or a domain from the team's options", async () => {
    process.env.GATEHOUSE_MAIL_FROM = "no-reply@shell.example.com";
    const { gatehouse, find } = await loadComponent();

    gatehouse({ mail: { sender: "example.com", dns: false } });

    expect(find("sst.aws.Email", "Mail").args).toEqual({ sender: "example.com", dns: false });
  });

  it("creates no identity when mail goes over SMTP", async () => {
    const { gatehouse, recorded, route } = await loadComponent();

    const auth = gatehouse({
      settings: { GATEHOUSE_MAIL: "smtp://mail.internal:25", GATEHOUSE_MAIL_FROM: "a@example.com" },
    });

    expect(recorded.filter((entry) => entry.kind === "sst.aws.Email")).toEqual([]);
    expect(auth.email).toBeNull();
    expect(route().handler.environment.GATEHOUSE_MAIL).toBe("smtp://mail.internal:25");
  });
});
