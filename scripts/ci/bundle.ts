// Bundles the Lambda handler the way SST does (esbuild, ESM, minified, argon2 external), for
// the Node 24 smoke run and the benchmark's cold-start and size cases.
import { mkdir } from "node:fs/promises";
import { build } from "esbuild";
import { esbuildOptions } from "../../infra/esbuild.js";

/** Where a bundle is written and how big it is. */
export interface Bundle {
  readonly outfile: string;
  readonly bytes: number;
  /** The files bundled in, as esbuild names them (`packages/functions/src/...`). */
  readonly inputs: readonly string[];
}

/** Bundles `entry` into `outfile`; the native argon2 addon stays outside, as deployed. */
export async function bundle(entry: string, outfile: string): Promise<Bundle> {
  await mkdir(new URL("../../dist", import.meta.url), { recursive: true });
  const result = await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    minify: true,
    format: "esm",
    platform: "node",
    // SST's settings for a nodejs24.x function, and ours from infra/esbuild.ts.
    target: "es2024",
    mainFields: ["module", "main"],
    keepNames: true,
    ...esbuildOptions,
    metafile: true,
    external: ["@node-rs/argon2", ...esbuildOptions.external],
    // CommonJS dependencies call require() for Node built-ins; ESM output needs a require.
    banner: {
      js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);',
    },
    logLevel: "warning",
  });
  const output = Object.values(result.metafile.outputs)[0];
  return { outfile, bytes: output?.bytes ?? 0, inputs: Object.keys(output?.inputs ?? {}) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await bundle("packages/functions/src/handlers/http.ts", "dist/lambda/http.mjs");
  console.log(`${result.outfile}: ${(result.bytes / 1024).toFixed(0)} KiB`);
}
