/**
 * `npm run build`: ships each entry point of the package as one bundled ESM file, with its types.
 *
 * The entry points are read from package.json, so adding one is adding it there: every export
 * whose `default` is `./dist/src/<name>.js` is built from `src/<name>.ts`, and every `bin` the
 * same way (with a `#!/usr/bin/env node` line). esbuild bundles each (dependencies and peer
 * dependencies stay imports, Node's built-ins too); code that several entry points share goes to
 * one chunk in dist/chunks/, so that an error class or a symbol is one object whichever entry
 * point a user imports it from. Types are tsc's declarations (dist/src/**.d.ts and
 * dist/generated/*.d.ts), which the exports' `types` name.
 *
 * Each built file is then imported and required by a fresh Node.js process, which must both
 * work (the package is ESM; Node ≥ 20.19 can `require()` it when it has no top-level await).
 */
import { execFileSync } from "node:child_process";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { build } from "esbuild";

const root = join(import.meta.dirname, "..");
type Exports = Record<string, string | { types?: string; default?: string }>;
interface PackageJson {
  exports: Exports;
  bin?: string | Record<string, string>;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
}

/** One file to build: `src/<name>.ts` → `dist/src/<name>.js`. */
export interface EntryPoint {
  name: string;
  /** An executable (a `bin`) starts with a shebang line. */
  executable: boolean;
}

const built = /^\.\/dist\/src\/(.+)\.js$/;

/** The package's entry points: its exports' and bins' files under dist/src/. */
export function entryPointsOf(pkg: PackageJson): EntryPoint[] {
  const targets = Object.values(pkg.exports).map((target) =>
    typeof target === "string" ? target : (target.default ?? ""),
  );
  const bins = typeof pkg.bin === "string" ? [pkg.bin] : Object.values(pkg.bin ?? {});
  const entries = new Map<string, EntryPoint>();
  for (const [file, executable] of [
    ...targets.map((t) => [t, false] as const),
    ...bins.map((b) => [b.startsWith("./") ? b : `./${b}`, true] as const),
  ]) {
    const name = built.exec(file)?.[1];
    if (name)
      entries.set(name, { name, executable: executable || entries.get(name)?.executable === true });
  }
  return [...entries.values()];
}

async function bundle(entries: EntryPoint[], external: string[]): Promise<void> {
  const group = async (list: EntryPoint[], banner: string | undefined) => {
    if (list.length === 0) return;
    await build({
      absWorkingDir: root,
      entryPoints: Object.fromEntries(list.map((e) => [`src/${e.name}`, `src/${e.name}.ts`])),
      outdir: "dist",
      chunkNames: "chunks/[name]-[hash]",
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      target: "node20.19",
      external,
      ...(banner ? { banner: { js: banner } } : {}),
      logLevel: "warning",
    });
  };
  await group(
    entries.filter((e) => !e.executable),
    undefined,
  );
  await group(
    entries.filter((e) => e.executable),
    "#!/usr/bin/env node",
  );
}

/** Imports and requires `file` in a fresh process; throws with its output when either fails. */
function checkLoads(file: string): void {
  const script = [
    `const esm = await import(${JSON.stringify(file)});`,
    `const cjs = (await import("node:module")).createRequire(import.meta.url)(${JSON.stringify(file)});`,
    "const names = (m) => Object.keys(m).sort().join();",
    `if (names(esm) !== names(cjs) || names(esm) === "") throw new Error("exports differ or are empty");`,
  ].join("\n");
  execFileSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: root,
    stdio: "pipe",
  });
}

async function main(): Promise<void> {
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as PackageJson;
  const external = Object.keys({
    ...pkg.dependencies,
    ...pkg.peerDependencies,
    ...pkg.optionalDependencies,
  }).flatMap((name) => [name, `${name}/*`]);
  const entries = entryPointsOf(pkg);
  rmSync(join(root, "dist"), { recursive: true, force: true });
  await bundle(entries, external);
  execFileSync(join(root, "node_modules/.bin/tsc"), ["-p", "tsconfig.build.json"], {
    cwd: root,
    stdio: "inherit",
  });
  for (const entry of entries.filter((e) => !e.executable))
    checkLoads(join(root, "dist/src", `${entry.name}.js`));
  console.log(`dist/ built: ${entries.map((e) => `src/${e.name}`).join(", ")}`);
}

if (process.argv[1] === import.meta.filename) await main();
