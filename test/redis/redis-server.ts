/**
 * A real `redis-server` for the tests: on a free loopback port, in a temporary directory, with
 * persistence off. It fails loudly when it cannot start: tests that need Redis fail, never skip.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Redis } from "ioredis";
import { createClient } from "redis";
import { afterEach } from "vitest";
import { toolPath } from "../../scripts/provision/tools.ts";

export interface RedisServer {
  port: number;
  url: string;
  /** Kills the server (as a crash would); `start` brings it back, empty, on the same port. */
  kill(): Promise<void>;
  start(): Promise<void>;
  /** Stops it for good and removes its directory. */
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function launch(port: number, dir: string): Promise<ChildProcess> {
  const args = ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"];
  // toolPath throws when it is missing: the tests that need Redis fail, they do not skip.
  const child = spawn(toolPath("redis-server"), [...args, "--dir", dir], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  return new Promise((resolve, reject) => {
    let output = "";
    const timer = setTimeout(
      () => fail(new Error("redis-server did not start within 10 s")),
      10_000,
    );
    const fail = (error: Error) => {
      clearTimeout(timer);
      child.kill("SIGKILL");
      reject(
        new Error(`${error.message}; install it (Debian: apt-get install redis-server)\n${output}`),
      );
    };
    child.once("error", fail);
    child.once("exit", (code) => fail(new Error(`redis-server exited with ${code}`)));
    child.stdout?.on("data", (chunk: Buffer) => {
      output += chunk;
      if (!output.includes("Ready to accept connections")) return;
      clearTimeout(timer);
      child.removeAllListeners("exit");
      resolve(child);
    });
    child.stderr?.on("data", (chunk: Buffer) => {
      output += chunk;
    });
  });
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => child.once("exit", () => resolve()));

export async function startRedisServer(): Promise<RedisServer> {
  const dir = await mkdtemp(join(tmpdir(), "bctt-redis-"));
  const port = await freePort();
  let child: ChildProcess | undefined = await launch(port, dir);
  const kill = async () => {
    if (!child) return;
    const dying = child;
    child = undefined;
    dying.kill("SIGKILL");
    await exited(dying);
  };
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    kill,
    async start() {
      child ??= await launch(port, dir);
    },
    async stop() {
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Clients that fail fast while Redis is away, as the README advises. */
export async function nodeRedisClient(url: string) {
  const client = createClient({
    url,
    disableOfflineQueue: true,
    socket: { reconnectStrategy: () => 50, connectTimeout: 500 },
  });
  client.on("error", () => undefined); // node-redis throws unhandled 'error' events otherwise
  await client.connect();
  return client;
}

export async function ioRedisClient(port: number) {
  const client = new Redis(port, "127.0.0.1", {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => 50,
    lazyConnect: true,
  });
  client.on("error", () => undefined);
  await client.connect();
  return client;
}

/** Both clients, to run the same tests over each. */
export const clientKinds = [
  { kind: "node-redis", open: (server: RedisServer) => nodeRedisClient(server.url) },
  { kind: "ioredis", open: (server: RedisServer) => ioRedisClient(server.port) },
] as const;

/** Closes a client of either kind, connected or not. */
export function closeClient(client: { destroy(): void } | { disconnect(): void }): void {
  if ("destroy" in client) client.destroy();
  else client.disconnect();
}

/** Opens clients with `open` during a test, and closes every one of them after it. */
type TestClient = Awaited<ReturnType<(typeof clientKinds)[number]["open"]>>;

export function connectEachTest(open: () => Promise<TestClient>): () => Promise<TestClient> {
  const clients: TestClient[] = [];
  afterEach(() => {
    for (const client of clients.splice(0)) closeClient(client);
  });
  return async () => {
    const client = await open();
    clients.push(client);
    return client;
  };
}
