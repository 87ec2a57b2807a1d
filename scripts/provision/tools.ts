/**
 * The system programs the test suite needs beyond node_modules, one entry each. `npm test`
 * provisions them first (scripts/provision/run.ts); tests find them with `toolPath`.
 * To need another program, add one entry.
 */
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

export interface SystemTool {
  /** Command looked up on PATH, e.g. "chromium". */
  command: string;
  /** Debian package that provides it. */
  debianPackage: string;
  /** Environment variable that points at another executable (path or command name). */
  override: string;
  /** What needs it, for the message when it is missing. */
  neededBy: string;
}

export const systemTools: readonly SystemTool[] = [
  {
    command: "chromium",
    debianPackage: "chromium",
    override: "CHROMIUM_PATH",
    neededBy: "the docs test (test/docs)",
  },
  {
    command: "redis-server",
    debianPackage: "redis-server",
    override: "REDIS_SERVER",
    neededBy: "the fleet-mode tests (test/redis)",
  },
];

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Absolute path of a command (a path, or a name looked up on PATH), if it is executable. */
export function which(command: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (command.includes("/")) return isExecutable(command) ? command : undefined;
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (dir && isExecutable(join(dir, command))) return join(dir, command);
  }
  return undefined;
}

/** Where a tool is: its override variable when set, else its command on PATH. */
export function findTool(
  tool: SystemTool,
  env: NodeJS.ProcessEnv = process.env,
): string | undefined {
  return which(env[tool.override] || tool.command, env);
}

/** Path of a provisioned tool, for tests; throws with the way to get it when it is missing. */
export function toolPath(command: string): string {
  const tool = systemTools.find((candidate) => candidate.command === command);
  if (!tool) throw new Error(`${command} is not in scripts/provision/tools.ts`);
  const path = findTool(tool);
  if (!path) throw new Error(`${command} is missing: run \`npm run provision\``);
  return path;
}
