import corePackage from "../packages/core/package.json" with { type: "json" };
import { DEPLOYABLE } from "../packages/functions/src/settings";
import { esbuildOptions, LAZY_PACKAGES } from "./esbuild";

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

/** Settings given in code must be deployable rows of the settings table, or the deploy stops. */
export function checkSettings(settings: Readonly<Record<string, string>>): void {
  const unknown = Object.keys(settings).filter((name) => !DEPLOYABLE.includes(name));
  if (unknown.length > 0) {
    throw new TypeError(
      `gatehouse(): ${unknown.join(", ")} ${unknown.length === 1 ? "is not a deployable setting" : "are not deployable settings"}; see docs/configuration.md`,
    );
  }
}

/** What the functions' shared arguments are built from. */
export interface FunctionInputs {
  /** The API's URL: the issuer unless a setting names another. */
  readonly issuer: sst.aws.ApiGatewayV2["url"];
  readonly link: unknown[];
  /** Deployable settings from code; they win over the deploying shell's. */
  readonly settings: Readonly<Record<string, string>>;
}

/**
 * What every Gatehouse function runs with: the same Node runtime, links and settings, so the
 * authorizers verify tokens exactly as the API does.
 */
export function functionDefaults({ issuer, link, settings }: FunctionInputs) {
  return {
    // SST's default. graphql-shield runs on it with patches/graphql-shield+7.6.5.patch, applied
    // on every install; `npm run smoke:node24` runs the bundled handler on Node 24 in CI.
    runtime: "nodejs24.x",
    // Cheaper per GB-second, and @node-rs/argon2 publishes a linux-arm64-gnu build.
    architecture: "arm64",
    link,
    environment: {
      GATEHOUSE_ENV: PRODUCTION_STAGES.includes($app.stage) ? "production" : "development",
      // A GATEHOUSE_ISSUER from the shell or from `settings` replaces the API's own URL.
      GATEHOUSE_ISSUER: issuer,
      ...passThrough(DEPLOYABLE),
      ...settings,
    },
    nodejs: {
      // A native addon esbuild cannot bundle: SST installs it beside the bundle for linux/arm64.
      // The range is core's own, so the deployed hasher is the one the tests ran against; a
      // bare name means "*", whatever version is newest at deploy time.
      install: {
        "@node-rs/argon2": corePackage.dependencies["@node-rs/argon2"],
        // The mail transports' libraries, loaded at the first mail only: installed beside the
        // bundle rather than in it, so no cold start parses them (infra/esbuild.ts).
        ...Object.fromEntries(LAZY_PACKAGES.map((name) => [name, corePackage.dependencies[name]])),
      },
      // One build of each package (see infra/esbuild.ts); scripts/ci/bundle.ts uses the same.
      esbuild: esbuildOptions,
    },
  } satisfies Partial<sst.aws.FunctionArgs>;
}

/** The arguments every Gatehouse function shares. */
export type FunctionDefaults = ReturnType<typeof functionDefaults>;
