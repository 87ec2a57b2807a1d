/** Runs the project's Redocly CLI: the one way scripts call it (telemetry off, output captured). */
import { execFileSync } from "node:child_process";
import { join } from "node:path";

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
