/**
 * Worker processes for the fleet tests: each runs `worker.mjs` (the built SDK) in a process of
 * its own. The build is made first when `dist` is missing or older than the sources.
 */
import { type ChildProcess, execFileSync, fork } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { RateWindow } from "../../../src/core/rate-limit.ts";
import type { SdkEvent } from "../../../src/core/transport.ts";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const workerPath = fileURLToPath(new URL("./worker.mjs", import.meta.url));

export interface WorkerConfig {
  id: string;
  client: "node-redis" | "ioredis";
  redisPort: number;
  api: "portal" | "cesce";
  apiUrl: string;
  key: string;
  windows?: RateWindow[];
}

export interface Done {
  ok: number;
  failures: string[];
  events: SdkEvent[];
}

export interface Worker {
  config: WorkerConfig;
  /** Runs `calls` calls at once, or started evenly over `spreadMs`. */
  run(phase: string, calls: number, spreadMs?: number): Promise<Done>;
  exit(): Promise<void>;
}

function newestIn(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds the package unless its `bctt-cesce-sdk/redis` entry is newer than every source. */
export function ensureBuilt(): void {
  const sources = Math.max(newestIn(join(root, "src")), newestIn(join(root, "generated")));
  try {
    const entry = createRequire(join(root, "package.json")).resolve("bctt-cesce-sdk/redis");
    if (statSync(entry).mtimeMs > sources) return;
  } catch {
    // not built yet
  }
  execFileSync("npm", ["run", "build"], { cwd: root, stdio: "ignore" });
}

function nextMessage<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: { type: string }) => {
      if (message.type !== type) return;
      child.off("exit", onExit);
      child.off("message", onMessage);
      resolve(message as T);
    };
    const onExit = (code: number | null) => reject(new Error(`worker exited with ${code}`));
    child.on("message", onMessage);
    child.once("exit", onExit);
  });
}

/** Starts the workers and resolves once every one of them is connected and ready. */
export async function startWorkers(configs: WorkerConfig[]): Promise<Worker[]> {
  return Promise.all(
    configs.map(async (config) => {
      const child = fork(workerPath, [JSON.stringify(config)], {
        cwd: root,
        execArgv: [],
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      });
      await nextMessage(child, "ready");
      return {
        config,
        async run(phase: string, calls: number, spreadMs = 0) {
          const done = nextMessage<Done>(child, "done");
          child.send({ type: "run", phase, calls, spreadMs });
          return done;
        },
        async exit() {
          if (child.exitCode !== null) return;
          const exited = new Promise((resolve) => child.once("exit", resolve));
          child.send({ type: "exit" });
          await exited;
        },
      };
    }),
  );
}

/** Four workers, two on each client, sharing `key`. */
export function fourWorkers(base: Omit<WorkerConfig, "id" | "client">): WorkerConfig[] {
  return (["node-redis", "ioredis", "node-redis", "ioredis"] as const).map((client, i) => ({
    ...base,
    id: `w${i + 1}-${client}`,
    client,
  }));
}
