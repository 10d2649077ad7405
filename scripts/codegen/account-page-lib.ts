// Builds the account page (packages/functions/page/) into one TypeScript module of strings,
// which the Lambda bundle and `npm start` serve alike: no files to ship beside the bundle, and
// asset names carry a hash of their content, so they can be cached for good.
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { build, transform } from "esbuild";

const page = new URL("../../packages/functions/page/", import.meta.url);

/** Where the generated module is committed. */
export const ACCOUNT_PAGE_MODULE = new URL(
  "../../packages/functions/src/account/__generated__/page.ts",
  import.meta.url,
);

/** Browsers the page's script is built for: ones with ES2022 modules and `:focus-visible`. */
const TARGET = ["chrome111", "edge111", "firefox113", "safari16.4"];

const hashed = (name: string, ext: string, body: string) =>
  `${name}.${createHash("sha256").update(body).digest("hex").slice(0, 16)}.${ext}`;

/** The generated module's text, from the page's sources. */
export async function renderAccountPage(): Promise<string> {
  const script = await build({
    entryPoints: [new URL("src/main.ts", page).pathname],
    bundle: true,
    format: "esm",
    minify: true,
    target: TARGET,
    write: false,
    legalComments: "none",
    charset: "utf8",
  });
  const js = script.outputFiles[0]?.text ?? "";
  const css = (
    await transform(await readFile(new URL("style.css", page), "utf8"), {
      loader: "css",
      minify: true,
      target: TARGET,
    })
  ).code;
  const jsName = hashed("app", "js", js);
  const cssName = hashed("style", "css", css);
  const html = (await readFile(new URL("index.html", page), "utf8"))
    .replace("%SCRIPT%", `/account/assets/${jsName}`)
    .replace("%STYLE%", `/account/assets/${cssName}`);
  const assets = {
    [jsName]: { type: "text/javascript; charset=utf-8", body: js },
    [cssName]: { type: "text/css; charset=utf-8", body: css },
  };
  return [
    "// Generated from packages/functions/page/ by `npm run account-page`: do not edit.",
    "",
    "/** The page's HTML, for `/account` and its link pages. */",
    `export const PAGE_HTML = ${JSON.stringify(html)};`,
    "",
    "/** The page's scripts and styles by file name (under `/account/assets/`). */",
    `export const PAGE_ASSETS: Readonly<Record<string, { readonly type: string; readonly body: string }>> = ${JSON.stringify(assets, null, 2)};`,
    "",
  ].join("\n");
}
