// Regenerates docs/permissions.md from the shield rule map.
import { writeFile } from "node:fs/promises";
import { renderPermissions } from "./permissions-doc-lib.js";

await writeFile(new URL("../../docs/permissions.md", import.meta.url), renderPermissions());
console.log("wrote docs/permissions.md");
