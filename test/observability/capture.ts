/** A logger that keeps every line it is given, for tests. */
import type { Logger, LogLevel } from "../../src/observability/log-level.ts";

export type Captured = [level: Exclude<LogLevel, "off">, message: string, fields: unknown];

export function captureLogger(): Logger & { lines: Captured[]; text(): string } {
  const lines: Captured[] = [];
  const keep = (level: Captured[0]) => (message: string, fields?: unknown) => {
    lines.push([level, message, fields]);
  };
  return {
    lines,
    text: () => JSON.stringify(lines),
    debug: keep("debug"),
    info: keep("info"),
    warn: keep("warn"),
    error: keep("error"),
  };
}
