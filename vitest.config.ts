import { fileURLToPath } from "node:url";
import { defaultServerConditions } from "vite";
import { defineConfig } from "vitest/config";

// The library packages export dist/ to the world and their TypeScript source under this
// condition, so tests, scripts and `npm start` run without a build (see CHANGELOG 0.2.0).
// Vitest's own server conditions (Vite's, less `module`: externalized packages load in Node,
// where `module` would pick builds Node cannot run), with the source condition first.
const conditions = [
  "@gatehouse/source",
  ...defaultServerConditions.filter((condition) => condition !== "module"),
];

export default defineConfig({
  resolve: {
    // graphql ships CommonJS and ESM builds; two copies in one process break `instanceof`
    // checks between Apollo, graphql-tools and shield. Everyone gets the same one.
    alias: [
      {
        find: /^graphql$/,
        replacement: fileURLToPath(new URL("./node_modules/graphql/index.js", import.meta.url)),
      },
    ],
  },
  // `ssr` runs the tests (Vitest also passes these to its workers as --conditions); `__vitest__`
  // runs the global setup.
  ssr: { resolve: { conditions } },
  environments: { __vitest__: { resolve: { conditions } } },
  test: {
    include: ["packages/*/test/**/*.test.ts", "test/**/*.test.ts", "examples/*/test/**/*.test.ts"],
    globalSetup: ["test/support/global-setup.ts"],
    env: {
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
      // Structured logs and EMF metrics stay quiet unless a test turns them on to read them.
      POWERTOOLS_LOG_LEVEL: "SILENT",
      POWERTOOLS_METRICS_DISABLED: "true",
    },
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // `expect.poll` waits for something to happen, never times it: a second (the default) is too
    // short on a loaded machine, or for a page whose answer waits on purpose (a password reset
    // answers no sooner than GATEHOUSE_PASSWORD_RESET_MIN_MS).
    expect: { poll: { timeout: 15_000 } },
    // Two cores: more workers than that only adds contention to the argon2 hashing.
    maxWorkers: 2,
  },
});
