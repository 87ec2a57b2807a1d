/** Runs the project's Redocly CLI: the one way scripts call it (telemetry off, output captured). */
import { execFile, execFileSync } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";

export const root = join(import.meta.dirname, "..");

/** Runs `redocly <args>` in the repository root and returns its standard output. */
export function redocly(args: readonly string[]): string {
  return execFileSync(join(root, "node_modules/.bin/redocly"), args, {
    cwd: root,
    env: { ...process.env, REDOCLY_TELEMETRY: "off" },
    stdio: "pipe",
    encoding: "utf8",
  });
}

/** `redocly` without blocking the event loop, so several runs (and other work) overlap. */
export async function redoclyAsync(args: readonly string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(join(root, "node_modules/.bin/redocly"), args, {
    cwd: root,
    env: { ...process.env, REDOCLY_TELEMETRY: "off" },
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
  });
  return stdout;
}
