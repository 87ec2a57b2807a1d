/**
 * The client's log: each event becomes at most one line (see log-lines.ts, the one place that
 * redacts), written to the `logger` when its level is within `logLevel`. A throwing logger is
 * ignored: logging must never fail a call.
 */

import type { RequestSummary } from "../core/request-summary.js";
import type { SdkEvent } from "../core/transport.js";
import { checkLogger, type Logger, rankOf, resolveLogLevel } from "./log-level.js";
import { failureLineOf, type LogLine, levelOf, logLineOf, type Redaction } from "./log-lines.js";

/** Writes a client's events and failed calls as log lines. */
export interface EventLog {
  event(event: SdkEvent): void;
  /** Whether a line of `level` is written (the level is fixed when the client is created). */
  writes(level: LogLine["level"]): boolean;
  /** A call that failed without an answer to return (a network failure, a timeout). */
  failure(summary: RequestSummary, error: unknown): void;
}

/** The log of a client with these settings, its lines redacted by `redaction`. */
export function createEventLog(
  settings: { logger?: Logger; logLevel?: unknown },
  redaction: Redaction,
): EventLog {
  checkLogger(settings.logger);
  const rank = rankOf(resolveLogLevel(settings.logLevel));
  const logger = settings.logger ?? console;
  const write = (line: LogLine) => {
    try {
      logger[line.level](line.message, line.fields);
    } catch {
      // A logger's failure is not the call's.
    }
  };
  return {
    event(event) {
      if (rankOf(levelOf(event)) <= rank) write(logLineOf(event, redaction));
    },
    writes: (level) => rankOf(level) <= rank,
    failure(summary, error) {
      if (rank < rankOf("error")) return;
      const name = (error as { name?: unknown } | null)?.name;
      write(failureLineOf({ ...summary }, name, redaction));
    },
  };
}
