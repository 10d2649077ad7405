// The library packages as npm would publish them: built once, packed into a temporary
// directory, each tarball's file list and `exports` checked, then installed beside a copy of
// the notes example, which must type-check against them as a team's code would.
import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = new URL("../../", import.meta.url);
const SOURCE_CONDITION = "@gatehouse/source";
const LIBRARY = ["@gatehouse/core", "@gatehouse/functions"] as const;

interface Tarball {
  readonly file: string;
  readonly files: readonly string[];
  readonly manifest: PackageManifest;
}

interface PackageManifest {
  readonly name: string;
  readonly version: string;
  readonly license?: string;
  readonly private?: boolean;
  readonly devDependencies?: Readonly<Record<string, string>>;
  readonly exports: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

let dir: string;
const tarballs = new Map<string, Tarball>();

/** The tarball's paths without npm's `package/` prefix. */
async function listTarball(file: string): Promise<string[]> {
  const { stdout } = await run("tar", ["-tzf", file]);
  return stdout
    .split("\n")
    .filter((line) => line !== "" && !line.endsWith("/"))
    .map((line) => line.replace(/^package\//, ""));
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "gatehouse-pack-"));
  // One build for both packages; `--ignore-scripts` skips each package's `prepack`, which
  // would build again.
  await run(process.execPath, ["--import", "tsx", "scripts/build/packages.ts"], { cwd: root });
  const workspaces = LIBRARY.flatMap((name) => ["--workspace", name]);
  const { stdout } = await run(
    "npm",
    ["pack", "--ignore-scripts", "--json", "--pack-destination", dir, ...workspaces],
    { cwd: root },
  );
  for (const packed of JSON.parse(stdout) as { name: string; filename: string }[]) {
    const file = join(dir, packed.filename);
    const { stdout: manifest } = await run("tar", ["-xzOf", file, "package/package.json"]);
    tarballs.set(packed.name, {
      file,
      files: await listTarball(file),
      manifest: JSON.parse(manifest) as PackageManifest,
    });
  }
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function tarball(name: string): Tarball {
  const packed = tarballs.get(name);
  if (packed === undefined) throw new Error(`npm pack produced no tarball for ${name}`);
  return packed;
}

describe.each(LIBRARY)("the %s tarball", (name) => {
  it("holds only dist/, package.json, README.md and LICENSE", () => {
    const outside = tarball(name).files.filter(
      (file) =>
        !file.startsWith("dist/") && !["package.json", "README.md", "LICENSE"].includes(file),
    );
    expect(outside).toEqual([]);
    expect(tarball(name).files).toEqual(expect.arrayContaining(["README.md", "LICENSE"]));
  });

  it("ships JavaScript and declarations, never TypeScript source, tests or build state", () => {
    const { files } = tarball(name);
    expect(files).toEqual(expect.arrayContaining(["dist/index.js", "dist/index.d.ts"]));
    const unwanted = files.filter(
      (file) =>
        file.startsWith("src/") ||
        /\.test\.|\/test\/|\.tsbuildinfo$|\.map$/.test(file) ||
        (/\.[mc]?ts$/.test(file) && !/\.d\.[mc]?ts$/.test(file)),
    );
    expect(unwanted).toEqual([]);
  });

  it("declares the types of every JavaScript module it ships", () => {
    const { files } = tarball(name);
    const undeclared = files
      .filter((file) => /\.m?js$/.test(file))
      .filter(
        (file) => !files.includes(file.replace(/\.js$/, ".d.ts").replace(/\.mjs$/, ".d.mts")),
      );
    expect(undeclared).toEqual([]);
  });

  it("resolves every export to a file in the tarball, with types before default", () => {
    const { files, manifest } = tarball(name);
    expect(Object.keys(manifest.exports)).toContain(".");
    for (const [subpath, conditions] of Object.entries(manifest.exports)) {
      const published = Object.keys(conditions).filter((key) => key !== SOURCE_CONDITION);
      expect(published, subpath).toEqual(["types", "default"]);
      for (const key of published) {
        expect(files, `${subpath} ${key}`).toContain(conditions[key]?.replace(/^\.\//, ""));
      }
    }
  });

  it("is public, semantically versioned and MIT licensed with the repository's LICENSE", async () => {
    const { manifest } = tarball(name);
    expect(manifest.private).toBeUndefined();
    expect(manifest.version).toMatch(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
    expect(manifest.license).toBe("MIT");
    const license = await readFile(new URL("LICENSE", root), "utf8");
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} Gatehouse contributors\n/);
    const dirName = name.replace("@gatehouse/", "");
    expect(await readFile(new URL(`packages/${dirName}/LICENSE`, root), "utf8")).toBe(license);
  });
});

describe("the built packages", () => {
  it("share one version, the newest in CHANGELOG.md", async () => {
    const changelog = await readFile(new URL("CHANGELOG.md", root), "utf8");
    const newest = changelog.match(/^## \[(\d+\.\d+\.\d+)\]/m)?.[1];
    for (const name of LIBRARY) expect(tarball(name).manifest.version, name).toBe(newest);
  });

  it("load in plain Node without the source condition, so emitted imports resolve", async () => {
    const entries = LIBRARY.flatMap((name) =>
      Object.keys(tarball(name).manifest.exports).map((subpath) => name + subpath.slice(1)),
    );
    const script = `for (const entry of ${JSON.stringify(entries)}) await import(entry);`;
    const { stdout } = await run(
      process.execPath,
      ["--input-type=module", "-e", `${script} console.log("loaded");`],
      { cwd: root },
    );
    expect(stdout.trim()).toBe("loaded");
  });

  it("load their main entries with every dev dependency missing, as an installed package does", async () => {
    const devOnly = LIBRARY.flatMap((name) =>
      Object.keys(tarball(name).manifest.devDependencies ?? {}),
    );
    expect(devOnly).toContain("dynalite");
    // A resolve hook makes each dev dependency unresolvable, as in an app that installed the
    // tarballs: the entries must load anyway. The local subpath needs dynalite, so it must not.
    const hooks = `export async function resolve(specifier, context, next) {
      const missing = ${JSON.stringify(devOnly)}.some((d) => specifier === d || specifier.startsWith(d + "/"));
      if (missing) throw new Error("Cannot find package '" + specifier + "' (not installed)");
      return next(specifier, context);
    }`;
    const register = `import { register } from "node:module"; register(${JSON.stringify(
      `data:text/javascript,${encodeURIComponent(hooks)}`,
    )});`;
    const load = (entries: readonly string[]) =>
      run(
        process.execPath,
        [
          "--import",
          `data:text/javascript,${encodeURIComponent(register)}`,
          "--input-type=module",
          "-e",
          `for (const entry of ${JSON.stringify(entries)}) await import(entry); console.log("loaded");`,
        ],
        { cwd: root },
      );
    const { stdout } = await load(LIBRARY);
    expect(stdout.trim()).toBe("loaded");
    await expect(load(["@gatehouse/functions/local"])).rejects.toThrow(
      /Cannot find package 'dynalite'/,
    );
  });
});

describe("the notes example, built against the installed tarballs", () => {
  it("type-checks with only the packed packages and its own dependencies installed", async () => {
    const app = join(dir, "notes-app");
    await mkdir(app);
    const example = JSON.parse(
      await readFile(new URL("examples/notes/package.json", root), "utf8"),
    ) as { dependencies: Record<string, string> };
    const ours = JSON.parse(await readFile(new URL("package.json", root), "utf8")) as {
      devDependencies: Record<string, string>;
    };
    await writeFile(
      join(app, "package.json"),
      JSON.stringify({ name: "notes-app", private: true, type: "module" }),
    );
    // What a team installs: the two tarballs, the example's other dependencies, and a compiler.
    // `--prefer-offline` takes what npm ci already cached; the rest comes from the registry.
    const thirdParty = Object.entries(example.dependencies)
      .filter(([name]) => !name.startsWith("@gatehouse/"))
      .map(([name, range]) => `${name}@${range}`);
    await run(
      "npm",
      [
        "install",
        "--prefer-offline",
        "--no-audit",
        "--no-fund",
        "--ignore-scripts",
        ...LIBRARY.map((name) => tarball(name).file),
        ...thirdParty,
        `typescript@${ours.devDependencies.typescript}`,
        `@types/node@${ours.devDependencies["@types/node"]}`,
      ],
      { cwd: app },
    );
    await cp(new URL("examples/notes/src", root), join(app, "src"), { recursive: true });
    await writeFile(
      join(app, "tsconfig.json"),
      JSON.stringify({
        // How Node resolves an installed package: its `exports` map, no source condition.
        compilerOptions: {
          target: "es2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          types: ["node"],
        },
        include: ["src"],
      }),
    );

    const tsc = join(app, "node_modules", "typescript", "bin", "tsc");
    await expect(run(process.execPath, [tsc, "-p", app])).resolves.toBeDefined();
  }, 180_000);
});
