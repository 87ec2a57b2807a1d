/**
 * The built `bctt-cesce` executable, for tests that run it as a child process: `dist/` when
 * `npm run build` made it after the last source change (as `npm test` does), otherwise a fresh
 * `tsc` build of the same configuration into node_modules/.cache.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..", "..");

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}

function fresh(file: string): boolean {
  const sources = Math.max(newestSource(join(root, "src")), newestSource(join(root, "generated")));
  return existsSync(file) && statSync(file).mtimeMs >= sources;
}

/** Path of an up-to-date built `bctt-cesce` (builds it when needed; can take a minute). */
export function builtCli(): string {
  const dist = join(root, "dist/src/cli/main.js");
  if (fresh(dist)) return dist;
  const outDir = join(root, "node_modules/.cache/cli-build");
  const cached = join(outDir, "src/cli/main.js");
  if (fresh(cached)) return cached;
  execFileSync(
    join(root, "node_modules/.bin/tsc"),
    ["-p", "tsconfig.build.json", "--outDir", outDir],
    { cwd: root, stdio: "inherit" },
  );
  return cached;
}

/** A finished run: exit code (or signal), and what it printed. */
export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts the CLI with `args` and exactly `env` (plus PATH); `started` sees the child. */
export function runCli(
  cli: string,
  args: string[],
  env: Record<string, string>,
  started?: (child: ChildProcess) => void,
): Promise<CliRun> {
  const child = spawn(process.execPath, [cli, ...args], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk) => (stdout += chunk));
  child.stderr.on("data", (chunk) => (stderr += chunk));
  started?.(child);
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}
