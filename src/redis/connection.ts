/**
 * One way to talk to Redis over either client a user already has: node-redis (`redis` 5 or
 * later) or ioredis. Only their raw-command methods are used, so this module imports neither,
 * and every command has a short deadline: a Redis that does not answer in time counts as down.
 */
import { createHash } from "node:crypto";
import { SdkError } from "../core/errors.js";

/** A node-redis client (`createClient()` from `redis` 5 or later), connected. */
export interface NodeRedisClient {
  sendCommand(args: string[], options?: { abortSignal?: AbortSignal }): Promise<unknown>;
  isOpen: boolean;
}

/** An ioredis client (`new Redis()`). */
export interface IoRedisClient {
  call(command: string, ...args: (string | number)[]): Promise<unknown>;
  status: string;
}

/** Either client; which one is told by its shape. */
export type RedisClient = NodeRedisClient | IoRedisClient;

/** Redis did not answer in time, or refused: the caller works on its own until it returns. */
export class RedisUnavailableError extends SdkError {
  override name = "RedisUnavailableError";
}

/** A Lua script, sent by its SHA-1 and loaded again when Redis has forgotten it (a restart). */
export interface Script {
  source: string;
  sha: string;
}

export function script(source: string): Script {
  return { source, sha: createHash("sha1").update(source).digest("hex") };
}

export interface RedisConnection {
  /** Sends one command; rejects with `RedisUnavailableError` when it fails or times out. */
  command(args: (string | number)[]): Promise<unknown>;
  /** Runs a script atomically over `keys`. */
  run(script: Script, keys: string[], args: (string | number)[]): Promise<unknown>;
}

const isIoRedis = (redis: unknown): redis is IoRedisClient =>
  typeof (redis as IoRedisClient | null)?.call === "function" &&
  typeof (redis as IoRedisClient).status === "string";
const isNodeRedis = (redis: unknown): redis is NodeRedisClient =>
  typeof (redis as NodeRedisClient | null)?.sendCommand === "function" &&
  typeof (redis as NodeRedisClient).isOpen === "boolean";

/** Why a command failed, in a word: the error's code or class, never its message. */
export function failureName(error: unknown): string {
  const { code, name } = (error ?? {}) as { code?: unknown; name?: unknown };
  if (typeof code === "string" && /^[A-Z_]+$/.test(code)) return code;
  return typeof name === "string" ? name : "Error";
}

/** Wraps `redis`, whose commands then time out after `timeoutMs`. */
export function connect(redis: unknown, timeoutMs: number): RedisConnection {
  let send: (args: string[], signal: AbortSignal) => Promise<unknown>;
  if (isIoRedis(redis)) send = ([name, ...rest]) => redis.call(name as string, ...rest);
  // node-redis drops a command still queued (not yet written) when its signal aborts, so a
  // command that timed out while disconnected does not run later, on reconnection.
  else if (isNodeRedis(redis))
    send = (args, signal) => redis.sendCommand(args, { abortSignal: signal });
  else throw new SdkError("redis must be a node-redis (redis 5 or later) or an ioredis client");

  async function command(args: (string | number)[]): Promise<unknown> {
    const deadline = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    let settled = false;
    const timedOut = new Promise<never>((_, reject) => {
      const expire = () => {
        if (settled) return;
        const error = new RedisUnavailableError(`Redis did not answer within ${timeoutMs} ms`);
        deadline.abort(error);
        reject(error);
      };
      // Timers run before I/O in an event-loop turn: when this process was starved of CPU, the
      // reply may already be waiting. One more turn reads it before Redis is called down.
      timer = setTimeout(() => setImmediate(expire), timeoutMs);
    });
    try {
      return await Promise.race([send(args.map(String), deadline.signal), timedOut]);
    } catch (error) {
      if (error instanceof RedisUnavailableError) throw error;
      throw new RedisUnavailableError(`Redis failed: ${failureName(error)}`, { cause: error });
    } finally {
      settled = true;
      clearTimeout(timer);
    }
  }

  return {
    command,
    async run(script, keys, args) {
      try {
        return await command(["EVALSHA", script.sha, keys.length, ...keys, ...args]);
      } catch (error) {
        const noScript = String((error as Error).cause ?? "").includes("NOSCRIPT");
        if (!noScript) throw error;
        return command(["EVAL", script.source, keys.length, ...keys, ...args]);
      }
    },
  };
}
