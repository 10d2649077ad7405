import corePackage from "../packages/core/package.json" with { type: "json" };
import { DEPLOYABLE } from "../packages/functions/src/settings";
import { esbuildOptions } from "./esbuild";
import { signingKeys } from "./secrets";
import { table } from "./storage";

// Stages that face real clients run with introspection, field suggestions and the landing page
// off and errors masked; personal stages keep them for debugging.
const PRODUCTION_STAGES = ["production", "staging"];

// Settings an operator may tune per deploy from the deploying shell: the deployable rows of the
// settings table. An unset variable is left out so the runtime's documented default applies,
// rather than a second default kept here.
function passThrough(names: readonly string[]): Record<string, string> {
  const copied: Record<string, string> = {};
  for (const name of names) {
    const value = process.env[name];
    if (value !== undefined && value !== "") copied[name] = value;
  }
  return copied;
}

// An HTTP API (payload 2.0 events, the shape the handler and the local server speak) in front
// of one function that serves every route. The API exists before its route's function, so
// its URL can be the function's issuer: tokens name the URL that serves their discovery
// document, which is what an API Gateway JWT authorizer checks. A custom domain or a
// GATEHOUSE_ISSUER from the deploying shell overrides it.
//
// The API's own CORS is off: SST's default allows every origin ("*"), and an API with any CORS
// configuration answers preflights itself and overrides the function's CORS headers. The
// function answers CORS from GATEHOUSE_CORS_ORIGINS, the same here, behind a function URL and
// locally. `cors: false` alone still sends an empty configuration, which AWS treats as CORS
// on with nothing allowed (sst/sst#6748), so the transform removes it.
export const api = new sst.aws.ApiGatewayV2("Api", {
  cors: false,
  transform: {
    api: (args) => {
      delete args.corsConfiguration;
    },
  },
});

/**
 * What every Gatehouse function runs with: the same Node runtime, links and settings, so the
 * authorizers (infra/authorizers.ts) verify tokens exactly as the API does.
 */
export const functionDefaults = {
  // SST's default. graphql-shield runs on it with patches/graphql-shield+7.6.5.patch, applied
  // on every install; `npm run smoke:node24` runs the bundled handler on Node 24 in CI.
  runtime: "nodejs24.x",
  // Cheaper per GB-second, and @node-rs/argon2 publishes a linux-arm64-gnu build.
  architecture: "arm64",
  link: [table, signingKeys],
  environment: {
    GATEHOUSE_ENV: PRODUCTION_STAGES.includes($app.stage) ? "production" : "development",
    // The shell's GATEHOUSE_ISSUER (a deployable setting) replaces the API's own URL.
    GATEHOUSE_ISSUER: api.url,
    ...passThrough(DEPLOYABLE),
  },
  nodejs: {
    // A native addon esbuild cannot bundle: SST installs it beside the bundle for linux/arm64.
    // The range is core's own, so the deployed hasher is the one the tests ran against; a bare
    // name means "*", whatever version is newest at deploy time.
    install: {
      "@node-rs/argon2": corePackage.dependencies["@node-rs/argon2"],
    },
    // One build of each package (see infra/esbuild.ts); scripts/ci/bundle.ts uses the same.
    esbuild: esbuildOptions,
  },
} satisfies Partial<sst.aws.FunctionArgs>;

api.route("$default", {
  handler: "packages/functions/src/handlers/http.handler",
  ...functionDefaults,
  // Lambda allots CPU in proportion to memory, and argon2id on login and signUp is CPU-bound.
  memory: "1024 MB",
  // Far above a login's hash and DynamoDB round trips; a stuck call fails instead of idling.
  timeout: "10 seconds",
});
