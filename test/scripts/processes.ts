/** Running the repository's npm scripts as a user would, and checking what they leave behind. */
import { type ChildProcess, spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { freePort, isPortFree } from "../../scripts/prism.ts";

const root = join(import.meta.dirname, "../..");
/** Ceiling for anything to happen: slow is fine, never is not. */
const ceilingMs = 300_000;

export interface Run {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
}

/** `npm run <script> -- args`, as its own process group (as a terminal would start it). */
export function npmRun(script: string, args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const npmArgs = ["run", "--silent", script, ...(args.length ? ["--", ...args] : [])];
  return track(
    spawn("npm", npmArgs, {
      cwd: root,
      env: { ...process.env, REDOCLY_TELEMETRY: "off", ...env },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );
}

function track(child: ChildProcess): Run {
  let text = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    text += chunk.toString();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    text += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return { child, output: () => text, exited };
}

/** `tsx scripts/<file> args` without npm around it, so its exit code is the script's own. */
export function scriptRun(file: string, args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const tsx = join(root, "node_modules/tsx/dist/cli.mjs");
  return track(
    spawn(process.execPath, [tsx, join("scripts", file), ...args], {
      cwd: root,
      env: { ...process.env, REDOCLY_TELEMETRY: "off", ...env },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    }),
  );
}

/** Waits until `check` holds, polling; throws with `what` past the ceiling. */
export async function waitUntil(check: () => boolean | Promise<boolean>, what: string) {
  const deadline = Date.now() + ceilingMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await sleep(100);
  }
}

function processTable(): Map<number, { parent: number; state: string }> {
  const table = new Map<number, { parent: number; state: string }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const [state = "", parent = ""] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      table.set(Number(entry), { parent: Number(parent), state });
    } catch {
      // The process ended while the table was read.
    }
  }
  return table;
}

/** Every live descendant of `pid` (children, grandchildren, …). */
export function descendants(pid: number): number[] {
  const table = processTable();
  const found: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const current = queue.shift();
    for (const [child, { parent }] of table)
      if (parent === current) {
        found.push(child);
        queue.push(child);
      }
  }
  return found;
}

/** The processes among `pids` that still run (zombies count as ended). */
export function alive(pids: number[]): number[] {
  const table = processTable();
  return pids.filter((pid) => {
    const row = table.get(pid);
    return row !== undefined && row.state !== "Z";
  });
}

/** The command line of a process, for messages. */
export function commandOf(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8").replaceAll("\0", " ").trim();
  } catch {
    return "(ended)";
  }
}

/** `count` consecutive free loopback ports. */
export async function freePorts(count: number): Promise<number[]> {
  for (;;) {
    const first = await freePort();
    const ports = Array.from({ length: count }, (_, i) => first + i);
    const free = await Promise.all(ports.map(isPortFree));
    if (first + count < 65536 && free.every(Boolean)) return ports;
  }
}
