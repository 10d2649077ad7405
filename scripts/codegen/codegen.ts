// Regenerates the resolver types and embedded SDL from schema.graphql.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { absolute, generate } from "./codegen-lib.js";

for (const file of await generate()) {
  await mkdir(dirname(absolute(file)), { recursive: true });
  await writeFile(absolute(file), file.content);
  console.log(`wrote ${file.path}`);
}
