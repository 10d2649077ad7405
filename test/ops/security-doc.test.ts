import { existsSync, readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

// docs/security.md names its tests as `file › describe › test` (its introduction says how);
// a test that is renamed or moved must take the page with it, or the page points at nothing.

const root = new URL("../../", import.meta.url);
const read = (path: string) => readFileSync(new URL(path, root), "utf8");

/** Every file a reference without a file of its own may be in. */
function testFiles(dir: string): string[] {
  return readdirSync(new URL(dir, root), { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith(".ts"))
    .map((entry) => `${entry.parentPath.slice(new URL(".", root).pathname.length)}/${entry.name}`);
}

interface Reference {
  readonly text: string;
  /** The file it names or its section names, relative to the repository; none: any test file. */
  readonly file: string | undefined;
  /** The describe and test names, each a literal or (ending in "…") a prefix. */
  readonly names: string[];
}

/** The file a first segment names: a path, or a path under test/ without `.test.ts`. */
function fileOf(segment: string): string | undefined {
  if (/^(test|packages)\/\S+\.ts$/.test(segment)) return segment;
  return existsSync(new URL(`test/${segment}.test.ts`, root))
    ? `test/${segment}.test.ts`
    : undefined;
}

function references(doc: string): Reference[] {
  const found: Reference[] = [];
  let sectionFile: string | undefined;
  for (const line of doc.split("\n")) {
    if (line.startsWith("#")) sectionFile = undefined;
    // A name without a file of its own follows the one before it on its line, if any.
    let lineFile: string | undefined;
    for (const [, span = ""] of line.matchAll(/`([^`]+)`/g)) {
      const text = span.replaceAll("\\|", "|").replace(/^› /, "… › ");
      if (!text.includes(" › ")) {
        if (!line.startsWith("|") && /^test\/\S+\.test\.ts$/.test(text)) sectionFile ??= text;
        continue;
      }
      const [first = "", ...rest] = text.split(" › ");
      const own = fileOf(first);
      const names = (own === undefined ? [first, ...rest] : rest).filter((name) => name !== "…");
      lineFile = own ?? lineFile;
      found.push({ text, file: lineFile ?? sectionFile, names });
    }
  }
  return found;
}

/** A template literal of `source` as a pattern: each `${…}` stands for any text. */
const templates = (source: string) =>
  [...source.matchAll(/`([^`]*\$\{[^`]*)`/g)].map(
    ([, text = ""]) =>
      new RegExp(
        `^${text
          .split(/\$\{[^}]*\}/)
          .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
          .join(".+")}$`,
      ),
  );

/** Whether `source` holds every name (a name ending in "…" as a prefix). */
function holdsAll(source: string, names: string[]): boolean {
  return names.every((name) =>
    name.endsWith(" …")
      ? source.includes(name.slice(0, -2))
      : source.includes(name) || templates(source).some((pattern) => pattern.test(name)),
  );
}

describe("docs/security.md", () => {
  const refs = references(read("docs/security.md"));
  const anywhere = [
    ...testFiles("test"),
    ...testFiles("packages/core/test"),
    ...testFiles("packages/functions/test"),
    ...testFiles("packages/testing/src"),
  ];

  it("names tests that exist, in the files it says", () => {
    expect(refs.length).toBeGreaterThan(100);
    const missing = refs.filter(({ file, names }) => {
      if (file !== undefined)
        return !existsSync(new URL(file, root)) || !holdsAll(read(file), names);
      return !anywhere.some((path) => holdsAll(read(path), names));
    });
    expect(missing.map(({ text, file }) => `${file ?? "(any file)"}: ${text}`)).toEqual([]);
  });
});
