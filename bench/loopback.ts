/**
 * Starts `server.ts` as a child process (its CPU is not the client's) and talks to it: the
 * constants both sides share, the base URL, the counters and a reset.
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export const sessionToken = "bench-session-token";
/** Any four non-empty values: the server accepts every Authenticate. */
export const credentials = {
  clientId: "bench-client-id",
  clientSecret: "bench-client-secret",
  brokerUid: "0b8f4a52-2f6e-4c1d-9a3b-5e7c9d1f2a4b",
  username: "bench-user@example.com",
};
/** The process id whose message list is served in pages, slowly. */
export const pagedProcessId = "bench-paged";
export const pagedTotal = 4000;
export const pageLatencyMs = 20;
/** The size of the large response of the memory figure: a 20 MB JSON body, mostly base64. */
export const largeBodyBytes = 20_000_000;

export interface ServerStats {
  authentications: number;
  requests: number;
  /** The most paged requests the server was answering at the same time. */
  maxPagedInFlight: number;
}

export interface LoopbackServer {
  baseUrl: string;
  stats(): Promise<ServerStats>;
  reset(): Promise<void>;
  stop(): void;
}

export async function startServer(): Promise<LoopbackServer> {
  const script = fileURLToPath(new URL("./server.ts", import.meta.url));
  const child = spawn(process.execPath, ["--import", "tsx", script], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`bench server exited (${code})`)));
    lines.once("line", (line) => resolve((JSON.parse(line) as { port: number }).port));
  });
  return serverAt(`http://127.0.0.1:${port}`, () => {
    child.removeAllListeners("exit");
    child.kill("SIGTERM");
  });
}

/** The server at `baseUrl`, started by another process (`stop` is then that process's job). */
export function serverAt(baseUrl: string, stop: () => void = () => undefined): LoopbackServer {
  return {
    baseUrl,
    stats: async () => (await (await fetch(`${baseUrl}/__stats`)).json()) as ServerStats,
    reset: async () => {
      await (await fetch(`${baseUrl}/__reset`, { method: "POST" })).arrayBuffer();
    },
    stop,
  };
}
