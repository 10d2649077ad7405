// Regenerates the account page's module (packages/functions/src/account/__generated__/page.ts)
// from packages/functions/page/.
import { mkdir, writeFile } from "node:fs/promises";
import { ACCOUNT_PAGE_MODULE, renderAccountPage } from "./account-page-lib.js";

await mkdir(new URL(".", ACCOUNT_PAGE_MODULE), { recursive: true });
await writeFile(ACCOUNT_PAGE_MODULE, await renderAccountPage());
console.log("wrote packages/functions/src/account/__generated__/page.ts");
