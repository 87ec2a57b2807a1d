#!/usr/bin/env node
/**
 * `bctt-cesce`: bulk jobs over the SDK from a shell. Each command documents itself (`--help`);
 * exit codes: 0 all done, 1 some items failed, 2 usage or configuration error, 130 interrupted.
 */
import { classificationsCommand } from "./classifications.js";
import { exportCommand } from "./export.js";
import { taxonomiesCommand } from "./taxonomies.js";
import { type CliIo, exitCodes, UsageError } from "./usage.js";

const help = `
Usage: bctt-cesce <api> <command> [options]

Commands:
  cesce classifications   classification of every debtor of a CSV file
  portal taxonomies       every Partners Portal taxonomy, as JSON files
  portal export           simulations or processes, as CSV or JSON Lines

Run "bctt-cesce <api> <command> --help" for a command's options.
Exit codes: 0 all done, 1 some items failed, 2 usage or configuration error, 130 interrupted.
`;

const commands: Record<string, (args: string[], io: CliIo) => Promise<number>> = {
  "cesce classifications": classificationsCommand,
  "portal taxonomies": taxonomiesCommand,
  "portal export": exportCommand,
};

/** Runs the command line `argv` (without node and the script); resolves with the exit code. */
export async function main(argv: string[], io: CliIo): Promise<number> {
  const [api, command, ...rest] = argv;
  if (api === undefined || api === "--help" || api === "-h") {
    io.stdout.write(`${help.trim()}\n`);
    return api === undefined ? exitCodes.usage : exitCodes.ok;
  }
  const run = commands[`${api} ${command}`];
  try {
    if (!run) throw new UsageError(`unknown command "${[api, command].join(" ")}" (see --help)`);
    return await run(rest, io);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr.write(`bctt-cesce: ${error.message}\n`);
    return exitCodes.usage;
  }
}

function runFromShell(): void {
  const controller = new AbortController();
  // First Ctrl-C: stop starting work, finish writing whole rows; a second one exits at once.
  process.once("SIGINT", () => {
    controller.abort(new Error("interrupted"));
    process.once("SIGINT", () => process.exit(130));
  });
  process.once("SIGTERM", () => controller.abort(new Error("terminated")));
  const io: CliIo = {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    signal: controller.signal,
  };
  main(process.argv.slice(2), io).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
      process.stderr.write(`bctt-cesce: ${message.split("\n")[0]}\n`);
      process.exitCode = exitCodes.someFailed; // not a usage problem, and not everything done
    },
  );
}

runFromShell();
