// Regenerates docs/configuration.md from the settings tables.
import { writeFile } from "node:fs/promises";
import { renderConfiguration } from "./configuration-doc-lib.js";

await writeFile(new URL("../../docs/configuration.md", import.meta.url), renderConfiguration());
console.log("wrote docs/configuration.md");
