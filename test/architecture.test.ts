import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// Dependencies point inward: core knows no transport, functions no table. These rules read
// the source itself, so a forbidden import fails the build instead of waiting for a review.

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

interface SourceFile {
  /** Repository-relative path with forward slashes. */
  readonly path: string;
  readonly text: string;
  readonly imports: readonly string[];
}

// Static imports and re-exports (`import … from`, `export … from`, `import "x"`, `import type`),
// dynamic `import("x")` and `require("x")`.
const importPatterns = [
  /\b(?:import|export)\s+(?:type\s+)?(?:[\w*{}\s,$]+?\s+from\s+)?["']([^"']+)["']/g,
  /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
  /\brequire\s*\(\s*["']([^"']+)["']\s*\)/g,
];

function importsOf(text: string): string[] {
  return importPatterns.flatMap((pattern) =>
    [...text.matchAll(pattern)].map((match) => match[1] ?? ""),
  );
}

function sourceFile(path: string): SourceFile {
  const text = readFileSync(join(root, path), "utf8");
  return { path, text, imports: importsOf(text) };
}

function sourceFiles(directory: string): SourceFile[] {
  return readdirSync(join(root, directory), { recursive: true, encoding: "utf8" })
    .filter((file) => /\.(ts|tsx|mts|cts|js|mjs)$/.test(file) && !file.includes("node_modules"))
    .map((file) => sourceFile(join(directory, file).split(sep).join("/")));
}

/** The repository-relative target of a relative import, or the bare specifier itself. */
function target(file: SourceFile, specifier: string): string {
  if (!specifier.startsWith(".")) return specifier;
  return relative(root, resolve(root, dirname(file.path), specifier))
    .split(sep)
    .join("/");
}

/** Every `file → import` pair whose import matches `forbidden`. */
function violations(files: readonly SourceFile[], forbidden: (target: string) => boolean) {
  return files.flatMap((file) =>
    file.imports
      .filter((specifier) => forbidden(target(file, specifier)))
      .map((specifier) => `${file.path} → ${specifier}`),
  );
}

/** The file a relative or `@gatehouse/*` import loads (via package.json `exports`), if ours. */
function resolveImport(file: SourceFile, specifier: string): string | undefined {
  const workspace = /^@gatehouse\/([^/]+)(\/.+)?$/.exec(specifier);
  if (workspace !== null) {
    const manifest = JSON.parse(
      readFileSync(join(root, "packages", workspace[1] ?? "", "package.json"), "utf8"),
    ) as { exports: Record<string, string | Record<string, string>> };
    const exported = manifest.exports[`.${workspace[2] ?? ""}`];
    // Library packages map their source under a condition; the rest export the source itself.
    const entry = typeof exported === "object" ? exported["@gatehouse/source"] : exported;
    return entry === undefined ? undefined : join("packages", workspace[1] ?? "", entry);
  }
  if (!specifier.startsWith(".")) return undefined;
  const path = target(file, specifier);
  return [path.replace(/\.js$/, ".ts"), path, `${path}/index.ts`].find((candidate) =>
    existsSync(join(root, candidate)),
  );
}

/** `files` and every file of ours they load, directly or through other files. */
function reachable(files: readonly SourceFile[]): SourceFile[] {
  const seen = new Map(files.map((file) => [file.path, file]));
  for (const file of seen.values()) {
    for (const specifier of file.imports) {
      const path = resolveImport(file, specifier)?.split(sep).join("/");
      if (path !== undefined && !seen.has(path)) seen.set(path, sourceFile(path));
    }
  }
  return [...seen.values()];
}

const packages = readdirSync(join(root, "packages"));
const coreSrc = sourceFiles("packages/core/src");
const coreAll = [...coreSrc, ...sourceFiles("packages/core/test")];
const functionsSrc = sourceFiles("packages/functions/src");

const isAwsSdk = (spec: string) => spec.startsWith("@aws-sdk/");
const isTransport = (spec: string) =>
  /^(graphql($|[-/])|@graphql-tools\/|@apollo\/|@as-integrations\/|graphql-shield($|\/)|sst($|\/)|aws-lambda$)/.test(
    spec,
  );
const isFunctions = (spec: string) =>
  spec === "@gatehouse/functions" ||
  spec.startsWith("@gatehouse/functions/") ||
  spec === "packages/functions" ||
  spec.startsWith("packages/functions/");
const isTesting = (spec: string) =>
  spec === "@gatehouse/testing" ||
  spec.startsWith("@gatehouse/testing/") ||
  spec === "packages/testing" ||
  spec.startsWith("packages/testing/");

describe("architecture", () => {
  it("reads the imports it checks (the scan is not vacuous)", () => {
    expect(coreSrc.length).toBeGreaterThan(10);
    expect(functionsSrc.length).toBeGreaterThan(5);
    const dynamo = coreSrc.find((file) => file.path === "packages/core/src/dynamo/table.ts");
    expect(dynamo?.imports).toContain("@aws-sdk/lib-dynamodb");
    expect(functionsSrc.flatMap((file) => file.imports)).toContain("graphql");
    expect(importsOf('import type {\n  A,\n  B,\n} from "x";\nexport * from "./y.js";')).toEqual([
      "x",
      "./y.js",
    ]);
    expect(importsOf('await import("z"); import "side-effect";')).toEqual(["side-effect", "z"]);
  });

  it("keeps the AWS SDK inside packages/core/src/dynamo, and SES's client in the SES transport", () => {
    const outsideDynamo = coreSrc.filter(
      (file) => !file.path.startsWith("packages/core/src/dynamo/"),
    );
    // The one exception: the SES transport is a mail adapter, and only it may load SESv2.
    const allowed = (file: SourceFile, spec: string) =>
      file.path === "packages/core/src/mail/ses.ts" && spec === "@aws-sdk/client-sesv2";
    const found = outsideDynamo.flatMap((file) =>
      file.imports
        .filter((spec) => isAwsSdk(spec) && !allowed(file, spec))
        .map((spec) => `${file.path} → ${spec}`),
    );
    expect(found).toEqual([]);
  });

  it("keeps nodemailer inside the SMTP transport", () => {
    const outsideSmtp = coreSrc.filter((file) => file.path !== "packages/core/src/mail/smtp.ts");
    expect(violations(outsideSmtp, (spec) => spec === "nodemailer")).toEqual([]);
  });

  it("loads otplib and qrcode only at first use, from the TOTP module (cold start)", () => {
    const lazy = (spec: string) => spec === "otplib" || spec === "qrcode";
    const totp = coreSrc.find((file) => file.path === "packages/core/src/factors/totp.ts");
    const elsewhere = [...coreSrc, ...functionsSrc].filter((file) => file !== totp);

    expect(violations(elsewhere, lazy)).toEqual([]);
    expect(totp?.imports.filter(lazy).sort()).toEqual(["otplib", "qrcode"]);
    expect(totp?.text).not.toMatch(/^import[^;]*from\s+["'](otplib|qrcode)["']/m);
  });

  it("keeps GraphQL, Apollo, shield, SST, Lambda types and packages/functions out of packages/core", () => {
    expect(violations(coreAll, (spec) => isTransport(spec) || isFunctions(spec))).toEqual([]);
  });

  it("keeps DynamoDB documents and key formats out of packages/functions/src", () => {
    expect(violations(functionsSrc, (spec) => spec === "@aws-sdk/lib-dynamodb")).toEqual([]);
    const keyFormats = ["USER#", "SESSION#", "EMAIL#", "SPENT#", "LOGIN#", "PROFILE"];
    const leaks = functionsSrc.flatMap((file) =>
      keyFormats.filter((key) => file.text.includes(key)).map((key) => `${file.path}: ${key}`),
    );
    expect(leaks).toEqual([]);
  });

  it("lets examples/ use Gatehouse only through its public entries, as a team would", () => {
    const examples = sourceFiles("examples");
    const publicEntries = ["@gatehouse/core", "@gatehouse/functions", "@gatehouse/functions/local"];
    expect(examples.map((file) => file.path)).toContain("examples/notes/src/handler.ts");
    const deep = violations(
      examples,
      (spec) =>
        spec.startsWith("packages/") ||
        (spec.startsWith("@gatehouse/") && !publicEntries.includes(spec)),
    );
    expect(deep).toEqual([]);
  });

  it("never ships packages/testing: no package source imports it", () => {
    const shipped = packages
      .filter((name) => name !== "testing")
      .flatMap((name) => sourceFiles(`packages/${name}/src`));
    expect(shipped.length).toBeGreaterThan(0);
    expect(violations(shipped, isTesting)).toEqual([]);
  });

  it("keeps @gatehouse/functions out of core's tests and the testing package's root entry", () => {
    const testingRoot = reachable([sourceFile("packages/testing/src/index.ts")]);
    const coreTests = reachable(sourceFiles("packages/core/test"));
    // Not vacuous: the walk follows workspace entries, and the HTTP subpath does reach functions.
    expect(coreTests.map((file) => file.path)).toContain("packages/testing/src/memory-stores.ts");
    const http = reachable([sourceFile("packages/testing/src/http/index.ts")]);
    expect(violations(http, isFunctions)).not.toEqual([]);
    expect(violations(testingRoot, isFunctions)).toEqual([]);
    expect(violations(coreTests, isFunctions)).toEqual([]);
  });

  describe("where each kind of file lives in packages/core/src", () => {
    const src = "packages/core/src/";
    // One folder per capability, named for what it owns; v2 adds factors/ and mail/. At the
    // root only what every capability shares (ids, errors, ports, roles, clock) and the wiring.
    const CAPABILITIES = ["tokens", "credentials", "sessions", "accounts", "factors", "mail"];
    const ROOT = ["index", "errors", "ids", "ports", "roles", "clock", "deps", "services"];

    it("puts every file in a capability folder, the DynamoDB adapter or the shared root", () => {
      const misplaced = coreSrc
        .map((file) => file.path.slice(src.length))
        .filter((path) => {
          const [folder, rest] = path.split("/");
          if (rest === undefined) return !ROOT.includes((folder ?? "").replace(/\.ts$/, ""));
          return folder !== "dynamo" && !CAPABILITIES.includes(folder ?? "");
        });
      expect(misplaced).toEqual([]);
    });

    it("keeps the domain out of its DynamoDB adapter: only the adapter imports dynamo/", () => {
      const domain = coreSrc.filter((file) => !file.path.startsWith(`${src}dynamo/`));
      expect(violations(domain, (spec) => spec.startsWith(`${src}dynamo/`))).toEqual([]);
    });
  });

  describe("where each kind of file lives in packages/functions/src", () => {
    const src = "packages/functions/src/";
    const inFolder = (folder: string) =>
      functionsSrc.filter((file) => file.path.startsWith(`${src}${folder}/`));
    const handlers = inFolder("handlers");
    const isLocal = (spec: string) => spec.startsWith(`${src}local/`);

    it("keeps entry points in handlers/: small files that only wire what the runtimes build", () => {
      expect(handlers.map((file) => file.path)).toContain(`${src}handlers/http.ts`);
      const tooLong = handlers.filter((file) => file.text.split("\n").length > 40);
      // Wiring: imports of our own modules and exported constants, no logic of their own.
      const code = (text: string) => text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
      const logic = handlers.filter(
        (file) =>
          /\bfunction\b|=>|\bif\s*\(/.test(code(file.text)) ||
          file.imports.some((spec) => !spec.startsWith("../")),
      );
      expect(tooLong.map((file) => file.path)).toEqual([]);
      expect(logic.map((file) => file.path)).toEqual([]);
    });

    // The router hands /graphql to the GraphQL handler, and a request refused before GraphQL
    // runs (413, 400, 405) answers from the one public error table, plain data with no GraphQL
    // import. Nothing else in http/ may know GraphQL is behind it.
    it("lets http/ use graphql/ only for the router's /graphql and the public error table", () => {
      const allowed = (file: SourceFile, spec: string) =>
        spec === `${src}graphql/public-errors.js` ||
        (file.path === `${src}http/router.ts` && spec === `${src}graphql/handler.js`);
      const reaching = inFolder("http").flatMap((file) =>
        file.imports
          .filter((spec) => target(file, spec).startsWith(`${src}graphql/`))
          .filter((spec) => !allowed(file, target(file, spec)))
          .map((spec) => `${file.path} → ${spec}`),
      );
      expect(inFolder("http").length).toBeGreaterThan(3);
      expect(reaching).toEqual([]);
    });

    it("keeps local/ to `npm start`: imported only by itself and the package entry, reached by no handler", () => {
      const outside = functionsSrc.filter(
        (file) => !file.path.startsWith(`${src}local/`) && file.path !== `${src}index.ts`,
      );
      expect(violations(outside, isLocal)).toEqual([]);
      const deployed = reachable(handlers).map((file) => file.path);
      expect(deployed).toContain(`${src}runtime.ts`);
      expect(deployed.filter(isLocal)).toEqual([]);
    });

    it("keeps a GraphQL server out of the authorizers' bundle", () => {
      const bundle = reachable([sourceFile(`${src}handlers/authorizers.ts`)]);
      const server = (spec: string) =>
        /^(graphql($|\/)|@graphql-tools\/|@apollo\/|@as-integrations\/|graphql-shield|graphql-middleware)/.test(
          spec,
        );
      expect(bundle.map((file) => file.path)).toContain(`${src}graphql/access.ts`);
      expect(violations(bundle, server)).toEqual([]);
    });

    // page-runtime.ts is the account page function's runtime.ts, apart so that function's
    // bundle holds no AWS SDK.
    it("reads the environment only in runtime.ts, page-runtime.ts and local/", () => {
      const runtimes = [`${src}runtime.ts`, `${src}page-runtime.ts`];
      const readers = functionsSrc
        .filter((file) => /\bprocess\.env\b/.test(file.text))
        .map((file) => file.path)
        .filter((path) => !runtimes.includes(path) && !isLocal(path));
      expect(readers).toEqual([]);
    });
  });

  it("has no focused or skipped tests", () => {
    const testFiles = [
      ...sourceFiles("test"),
      ...packages.flatMap((name) => {
        try {
          return sourceFiles(`packages/${name}/test`);
        } catch {
          return [];
        }
      }),
    ].filter((file) => file.path.endsWith(".test.ts"));
    expect(testFiles.length).toBeGreaterThan(5);
    const focusedOrSkipped = /\.(only|skip)\(|\bx(it|describe|test)\(/;
    const offenders = testFiles.flatMap((file) =>
      file.text
        .split("\n")
        .map((line, index) => ({ line, number: index + 1 }))
        .filter(({ line }) => focusedOrSkipped.test(line))
        .map(({ number }) => `${file.path}:${number}`),
    );
    expect(offenders).toEqual([]);
  });
});
