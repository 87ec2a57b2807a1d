/**
 * `npm run provision` (the first step of `npm test`): makes sure every program in
 * scripts/provision/tools.ts is there. A missing one is installed with apt-get when this is a
 * Debian-like machine and we are root (as in CI); otherwise it exits 1 with one line per
 * missing program saying how to install it.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { findTool, type SystemTool, systemTools, which } from "./tools.ts";

export interface ProvisionHost {
  env: NodeJS.ProcessEnv;
  /** Root on a Debian-like system, so apt-get can install packages. */
  canUseApt: boolean;
  /** Runs a command to completion and returns its exit code. */
  run(command: string, args: string[]): number;
  log(line: string): void;
}

function howToInstall(tool: SystemTool, env: NodeJS.ProcessEnv): string {
  const overridden = env[tool.override];
  if (overridden)
    return `provision: ${tool.override}=${overridden} is not an executable (${tool.command}, needed by ${tool.neededBy}); point it at one or unset it.`;
  return `provision: ${tool.command} is missing (needed by ${tool.neededBy}); install it with \`sudo apt-get install -y ${tool.debianPackage}\` (Debian, Ubuntu), or set ${tool.override} to its executable.`;
}

function aptInstall(packages: string[], host: ProvisionHost): boolean {
  host.log(`provision: installing ${packages.join(", ")} with apt-get`);
  if (host.run("apt-get", ["update", "-qq"]) !== 0) return false;
  return host.run("apt-get", ["install", "-y", "-qq", ...packages]) === 0;
}

/** Checks, installs what it can, and returns the exit code (0 when every tool is there). */
export function provision(tools: readonly SystemTool[], host: ProvisionHost): number {
  const absent = () => tools.filter((tool) => !findTool(tool, host.env));
  let missing = absent();
  // An override names a specific executable: installing the package would not make it exist.
  const installable = missing.filter((tool) => !host.env[tool.override]);
  if (installable.length > 0 && host.canUseApt) {
    if (!aptInstall([...new Set(installable.map((tool) => tool.debianPackage))], host))
      host.log("provision: apt-get failed");
    missing = absent();
  }
  for (const tool of missing) host.log(howToInstall(tool, host.env));
  if (missing.length > 0) return 1;
  for (const tool of tools) host.log(`provision: ${tool.command} ${findTool(tool, host.env)}`);
  return 0;
}

function isDebianRoot(): boolean {
  const root = process.getuid?.() === 0;
  return root && existsSync("/etc/debian_version") && which("apt-get") !== undefined;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = provision(systemTools, {
    env: process.env,
    canUseApt: isDebianRoot(),
    log: (line) => console.log(line),
    run: (command, args) =>
      spawnSync(command, args, {
        stdio: "inherit",
        env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
      }).status ?? 1,
  });
}
