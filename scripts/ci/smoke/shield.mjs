// Runs inside the Node binary under test (see scripts/ci/smoke-node24.ts). graphql-shield 7.6.5
// imports `isUndefined` from "util", which Node 24 removed: unpatched, its ES module build
// fails to load and `chain`/`race` throw in its CommonJS build. A bundle never shows this
// (esbuild drops the import along with the unused `chain`/`race`), so both builds are loaded
// here as they are installed, and both rules that use the check are evaluated.
import { createRequire } from "node:module";

const builds = {
  esm: await import("graphql-shield"),
  cjs: createRequire(import.meta.url)("graphql-shield"),
};
for (const [build, shield] of Object.entries(builds)) {
  for (const name of ["chain", "race"]) {
    const result = await shield[name](shield.allow).resolve({}, {}, {}, {}, {});
    if (result !== true) throw new Error(`graphql-shield ${build} ${name}(allow) gave ${result}`);
  }
}
process.stdout.write(`graphql-shield loads (ESM and CommonJS) on Node ${process.version}\n`);
