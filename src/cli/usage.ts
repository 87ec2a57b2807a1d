/**
 * Command-line plumbing shared by every command: option parsing with `node:util` `parseArgs`,
 * `--help`, and the error that means "exit 2" (bad usage or configuration).
 */
import { type ParseArgsConfig, parseArgs } from "node:util";
import { SdkError } from "../core/errors.js";

/** Bad usage, input structure or configuration: the command exits 2 with this one-line message. */
export class UsageError extends SdkError {
  override name = "UsageError";
}

/** Exit codes: all items done, some items failed, usage or configuration error. */
export const exitCodes = { ok: 0, someFailed: 1, usage: 2 } as const;

/** Where a command writes: stdout for results and help, stderr for progress and reasons. */
export interface CliIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  env: NodeJS.ProcessEnv;
  signal: AbortSignal;
}

type Options = NonNullable<ParseArgsConfig["options"]>;

/** Parsed options (by name) and positional arguments. */
export interface Parsed {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** Options every command accepts. */
const common: Options = {
  help: { type: "boolean", short: "h" },
  quiet: { type: "boolean", short: "q" },
};

/**
 * Parses `args` against `options`, turning parseArgs' errors into a `UsageError`. Returns
 * `undefined` after printing `help` when `--help` was given.
 */
export function parseCommand(
  args: string[],
  options: Options,
  help: string,
  io: CliIo,
  allowPositionals = false,
): Parsed | undefined {
  let parsed: Parsed;
  try {
    parsed = parseArgs({
      args,
      options: { ...common, ...options },
      allowPositionals,
      strict: true,
    }) as Parsed;
  } catch (error) {
    throw new UsageError(`${(error as Error).message.split("\n")[0]} (see --help)`);
  }
  if (parsed.values.help) {
    io.stdout.write(`${help.trim()}\n`);
    return undefined;
  }
  return parsed;
}

/** The value of a required string option, or a `UsageError` naming it. */
export function required(values: Record<string, unknown>, name: string): string {
  const value = values[name];
  if (typeof value !== "string" || value === "")
    throw new UsageError(`--${name} is required (see --help)`);
  return value;
}

/** A positive number option, `fallback` when absent. */
export function positive(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new UsageError(`--${name} must be a positive number`);
  return n;
}
