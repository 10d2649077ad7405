import { createAccountPage } from "./account-page";
import {
  type AuthorizerHandlers,
  authorizerRegistry,
  createAuthorizers,
  GATEHOUSE_AUTHORIZERS,
  type GatewayAuthorizer,
} from "./authorizers";
import { checkSettings, functionDefaults } from "./functions";
import { createMail, type MailOptions } from "./mail";
import { createSigningKeys, createTotpKeys } from "./secrets";
import { createTable } from "./storage";

/** What a team may choose when it adds Gatehouse to its SST app; everything has a default. */
export interface GatehouseOptions {
  /** A custom domain for the API, as `sst.aws.ApiGatewayV2` takes it; it becomes the issuer. */
  readonly domain?: sst.aws.ApiGatewayV2Args["domain"];
  /**
   * Deployable settings of docs/configuration.md by variable name, e.g.
   * `{ GATEHOUSE_AUDIENCE: "orders" }`. They win over the deploying shell's variables, which
   * still fill in the rest. Any other name stops the deploy.
   */
  readonly settings?: Readonly<Record<string, string>>;
  /**
   * The API function's entry (`file.export`, relative to the app's root): a team's own
   * `createGatehouse(...)` handler instead of Gatehouse's.
   */
  readonly handler?: string;
  /** The authorizers' entries, when the team builds them from its own rules too. */
  readonly authorizerHandlers?: Partial<AuthorizerHandlers>;
  /** Resources the team's code reads, linked to every Gatehouse function besides its own. */
  readonly link?: readonly unknown[];
  /** The API function's memory; argon2id on login and signUp is CPU-bound, so keep it high. */
  readonly memory?: sst.aws.FunctionArgs["memory"];
  /** The API function's timeout. */
  readonly timeout?: sst.aws.FunctionArgs["timeout"];
  /** The SES sender identity (infra/mail.ts); default: GATEHOUSE_MAIL_FROM's address. */
  readonly mail?: MailOptions;
}

/** What `gatehouse()` creates, for the rest of the app to use. */
export interface Gatehouse {
  /** The API's URL (the custom domain's when one is set): the tokens' default issuer. */
  readonly url: sst.aws.ApiGatewayV2["url"];
  readonly api: sst.aws.ApiGatewayV2;
  readonly table: sst.aws.Dynamo;
  readonly signingKeys: sst.Secret;
  /** The SES identity the API sends from; null when mail does not go through SES or no sender is set. */
  readonly email: sst.aws.Email | null;
  /** The keys that encrypt TOTP secrets at rest; linked to the API function only. */
  readonly totpKeys: sst.Secret;
  /** The gateway authorizer registered on Gatehouse's own API (`auth: { lambda: authorizer.id }`). */
  readonly authorizer: GatewayAuthorizer;
  /**
   * The same authorizer registered on another HTTP API of the app, once per API: an HTTP API
   * authorizer belongs to one API. `auth: { lambda: auth.authorizerFor(api).id }`.
   */
  readonly authorizerFor: (api: sst.aws.ApiGatewayV2) => GatewayAuthorizer;
  /** The HTTP API Lambda authorizer function itself. */
  readonly gatewayAuthorizer: sst.aws.Function;
  /** The AppSync `AWS_LAMBDA` authorizer function (its `arn` is `authorizerUri`). */
  readonly appSyncAuthorizer: sst.aws.Function;
  /** The function serving `/account` on the API; null on a stage where the page is off. */
  readonly accountPage: sst.aws.Function | null;
}

/** Gatehouse's own API entry (packages/functions/src/handlers/http.ts). */
export const GATEHOUSE_HANDLER = "packages/functions/src/handlers/http.handler";

// One per app: the functions find their table and keys through SST links named `Table` and
// `SigningKeys` (runtime.ts reads `Resource.Table`), and link names are unique in an app. A
// second instance would need other names and a runtime told which to read; one issuer per app
// is also what the authorizers and the team's routes assume.
let created = false;

/**
 * Creates Gatehouse in the calling SST app: the table, the signing-keys secret, an HTTP API
 * whose `$default` route serves every Gatehouse route but the account page, the page's own
 * function (where the stage serves it), and the two authorizer functions.
 */
export function gatehouse(options: GatehouseOptions = {}): Gatehouse {
  if (created) {
    throw new Error(
      "gatehouse() was already called in this app: one Gatehouse per app (its functions find their table and keys by the link names Table and SigningKeys); share the returned object instead",
    );
  }
  const settings = options.settings ?? {};
  checkSettings(settings);
  created = true;

  const table = createTable();
  const signingKeys = createSigningKeys();
  const totpKeys = createTotpKeys();
  const api = createApi(options.domain);
  const defaults = functionDefaults({
    issuer: api.url,
    link: [table, signingKeys, ...(options.link ?? [])],
    settings,
  });

  const mail = createMail(settings, options.mail);
  api.route("$default", {
    handler: options.handler ?? GATEHOUSE_HANDLER,
    ...defaults,
    // Only the API sends mail and serves second factors: the SES identity and the TOTP keys are
    // linked to it alone; the authorizers get nothing they do not use.
    link: [
      table,
      signingKeys,
      totpKeys,
      ...(options.link ?? []),
      ...(mail.email === null ? [] : [mail.email]),
    ],
    environment: { ...defaults.environment, ...mail.environment },
    // Lambda allots CPU in proportion to memory, and argon2id on login and signUp is CPU-bound.
    memory: options.memory ?? "1024 MB",
    // Far above a login's hash and DynamoDB round trips; a stuck call fails instead of idling.
    timeout: options.timeout ?? "10 seconds",
  });

  const { gatewayAuthorizer, appSyncAuthorizer } = createAuthorizers(defaults, {
    ...GATEHOUSE_AUTHORIZERS,
    ...options.authorizerHandlers,
  });
  const authorizerFor = authorizerRegistry(gatewayAuthorizer);
  // The $default route stays public: the GraphQL handler authenticates every request itself,
  // and sign-up and login must be reachable without a token.
  const authorizer = authorizerFor(api);
  const accountPage = createAccountPage(api, defaults);
  // Verification, reset and email-change mails link to GATEHOUSE_APP_URL, by default this API's
  // own /account: a stage that serves no page and names no other would mail links to a 404.
  const environment: Readonly<Record<string, unknown>> = defaults.environment;
  if (accountPage === null && typeof environment.GATEHOUSE_APP_URL !== "string") {
    throw new TypeError(
      "gatehouse(): this stage serves no account page (GATEHOUSE_ACCOUNT_PAGE is off, the production default), so the links Gatehouse mails would lead nowhere: set GATEHOUSE_APP_URL to your app's page that posts the link's token (docs/deploy.md), or GATEHOUSE_ACCOUNT_PAGE=on",
    );
  }

  return {
    url: api.url,
    api,
    table,
    signingKeys,
    email: mail.email,
    totpKeys,
    authorizer,
    authorizerFor,
    gatewayAuthorizer,
    appSyncAuthorizer,
    accountPage,
  };
}

// An HTTP API (payload 2.0 events, the shape the handler and the local server speak) in front
// of one function that serves every route. The API exists before its route's function, so
// its URL can be the function's issuer: tokens name the URL that serves their discovery
// document, which is what an API Gateway JWT authorizer checks. A custom domain changes that
// URL; a GATEHOUSE_ISSUER setting overrides it.
//
// The API's own CORS is off: SST's default allows every origin ("*"), and an API with any CORS
// configuration answers preflights itself and overrides the function's CORS headers. The
// function answers CORS from GATEHOUSE_CORS_ORIGINS, the same here, behind a function URL and
// locally. `cors: false` alone still sends an empty configuration, which AWS treats as CORS
// on with nothing allowed (sst/sst#6748), so the transform removes it.
function createApi(domain: GatehouseOptions["domain"]): sst.aws.ApiGatewayV2 {
  return new sst.aws.ApiGatewayV2("Api", {
    cors: false,
    ...(domain === undefined ? {} : { domain }),
    transform: {
      api: (args) => {
        delete args.corsConfiguration;
      },
    },
  });
}
