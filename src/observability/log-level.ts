/**
 * Which lines the client writes to its `logger`: `logLevel`, which the environment variable
 * `BCTT_CESCE_LOG` overrides (so debug output can be turned on without a code change), as
 * Stainless SDKs do with `OPENAI_LOG`.
 */
import { ConfigurationError } from "../core/errors.js";

/** From quietest to most verbose; each level writes its own lines and those of the levels before it. */
export type LogLevel = "off" | "error" | "warn" | "info" | "debug";

/** Any object with these four methods: `console`, pino, winston, bunyan… */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** The environment variable that overrides `logLevel`. */
export const logLevelVariable = "BCTT_CESCE_LOG";

const levels: readonly LogLevel[] = ["off", "error", "warn", "info", "debug"];

/** A level's rank: a line is written when its rank is at most the client's. */
export const rankOf = (level: LogLevel): number => levels.indexOf(level);

const isLevel = (value: unknown): value is LogLevel => levels.includes(value as LogLevel);

/** `BCTT_CESCE_LOG` where there is a `process` (Node.js, Bun, Deno's compatibility layer). */
function environmentLevel(): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process
    ?.env;
  return env?.[logLevelVariable]?.trim().toLowerCase() || undefined;
}

/**
 * The level in force: `BCTT_CESCE_LOG` when it names a level, else `option`, else "warn". An
 * unknown `option` is refused; an unknown variable is ignored (it may be meant for another tool).
 */
export function resolveLogLevel(option: unknown, env = environmentLevel()): LogLevel {
  if (option !== undefined && !isLevel(option))
    throw new ConfigurationError(`logLevel must be one of ${levels.join(", ")}`);
  if (isLevel(env)) return env;
  return option ?? "warn";
}

/** Refuses a `logger` that lacks one of the four methods. */
export function checkLogger(logger: unknown): void {
  if (logger === undefined) return;
  const methods = ["debug", "info", "warn", "error"] as const;
  const candidate = logger as Record<string, unknown> | null;
  if (typeof candidate !== "object" || candidate === null)
    throw new ConfigurationError("logger must be an object with debug, info, warn and error");
  for (const method of methods)
    if (typeof candidate[method] !== "function")
      throw new ConfigurationError(`logger.${method} must be a function`);
}
