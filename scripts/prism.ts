/**
 * Starts and stops Prism mock servers on free loopback ports. Shared by the contract tests'
 * global setup, `npm run mock` and `npm run demo`, so all three serve the specs the same way.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const prismBin = join(root, "node_modules/.bin/prism");
// A ceiling for a hung start, not a speed requirement: on a loaded 2-core machine Prism takes
// tens of seconds to load the Partners Portal spec.
const startTimeoutMs = 300_000;

/** Every Prism still running, killed if this process exits without stopping them. */
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

export interface PrismOptions {
  /** Serve random schema-valid responses instead of the examples (json-schema-faker). */
  dynamic?: boolean;
  /** Seed for dynamic mode, so a run can be reproduced. */
  seed?: number;
  /** Use this port instead of a free one. */
  port?: number;
  /** Proxy to this host instead of mocking, validating its responses against the spec. */
  upstream?: string;
  /** Receives each line Prism logs once it is listening (violations, requests). */
  onLog?: (line: string) => void;
}

export interface PrismServer {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  stop(): Promise<void>;
}

/** Asks the OS for a free loopback port by binding port 0 and releasing it. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const address = server.address();
  server.close();
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  return address.port;
}

/** True when nothing listens on this loopback port, so a server can bind it. */
export async function isPortFree(port: number): Promise<boolean> {
  const server = createServer();
  server.listen(port, "127.0.0.1");
  try {
    await once(server, "listening");
    return true;
  } catch {
    return false;
  } finally {
    server.close();
  }
}

/** Path of a bundled spec in generated/, e.g. specPath("partners-portal"). */
export function specPath(api: string): string {
  return join(root, "generated", `${api}.openapi.json`);
}

function waitUntilListening(child: ChildProcess, spec: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let output = "";
    const settle = (error?: Error) => {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.stderr?.off("data", onData);
      child.off("exit", onExit);
      if (!error) return resolve();
      child.kill("SIGKILL");
      reject(error);
    };
    const failure = (why: string) => new Error(`Prism for ${spec} ${why}:\n${output.slice(-2000)}`);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Prism is listening")) settle();
    };
    const onExit = (code: number | null) => settle(failure(`exited with code ${code}`));
    const timer = setTimeout(
      () => settle(failure(`did not start in ${startTimeoutMs} ms`)),
      startTimeoutMs,
    );
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.on("exit", onExit);
  });
}

export async function startPrism(spec: string, options: PrismOptions = {}): Promise<PrismServer> {
  const port = options.port ?? (await freePort());
  const mode = options.upstream
    ? ["proxy", spec, options.upstream, "--errors=false"]
    : ["mock", spec];
  const args = [...mode, "--host", "127.0.0.1", "--port", String(port)];
  if (options.dynamic) args.push("--dynamic");
  if (options.seed !== undefined) args.push("--seed", String(options.seed));
  const child = spawn(prismBin, args, { stdio: ["ignore", "pipe", "pipe"] });
  running.add(child);
  child.once("exit", () => running.delete(child));
  await waitUntilListening(child, spec);
  const { onLog } = options;
  if (onLog) {
    let pending = "";
    child.stdout?.on("data", (chunk: Buffer) => {
      const lines = (pending + chunk.toString()).split("\n");
      pending = lines.pop() ?? "";
      for (const line of lines) onLog(line);
    });
  }
  child.stdout?.resume();
  child.stderr?.resume();
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = once(child, "exit");
      child.kill("SIGTERM");
      await exited;
    },
  };
}
