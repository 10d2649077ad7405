// `npm run build`: the library packages as ESM JavaScript with type declarations in dist/.
// Each package's `prepack` runs it, so a tarball is never packed from a stale or missing dist/.
//
// Every build starts clean: `tsc -b` trusts its .tsbuildinfo, so it neither notices a deleted
// dist/ nor removes the output of a module that no longer exists, which would then ship.
import { execFileSync } from "node:child_process";
import { copyFileSync, readdirSync, rmSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** The published packages; `tsc -b` orders them by their references. */
const LIBRARY_PACKAGES = ["packages/core", "packages/functions"] as const;

// Plain JavaScript modules with hand-written declarations (local/lambda-context.mjs runs where
// TypeScript is not stripped). tsc skips a .mjs that has a .d.mts beside it, so both are copied.
const COPIED = /\.(mjs|d\.mts)$/;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name));
}

const dirs = LIBRARY_PACKAGES.map((dir) => join(ROOT, dir));
for (const dir of dirs) {
  rmSync(join(dir, "dist"), { recursive: true, force: true });
  rmSync(join(dir, "tsconfig.build.tsbuildinfo"), { force: true });
}
execFileSync(
  join(ROOT, "node_modules/.bin/tsc"),
  ["-b", ...dirs.map((dir) => join(dir, "tsconfig.build.json"))],
  { stdio: "inherit" },
);
for (const dir of dirs) {
  for (const file of filesUnder(join(dir, "src")).filter((name) => COPIED.test(name))) {
    copyFileSync(file, join(dir, "dist", relative(join(dir, "src"), file)));
  }
}
