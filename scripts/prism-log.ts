/**
 * Reads Prism's log lines (one per event, e.g.
 * `[HTTP SERVER] post /v1/simulations ℹ  info      Request received`,
 * `[NEGOTIATOR] ℹ  info      > Responding with "422"` (a mock's answer),
 * `[PROXY] ℹ  info      The upstream call to /v1/x has returned 200` (a proxy's),
 * `[VALIDATOR] ✖  error     Violation: request.body Request body must have required property 'x'`)
 * into the few events `npm run mock` and `npm run conformance` report.
 */

export type PrismEvent =
  | { kind: "request"; method: string; path: string }
  | { kind: "response"; status: number }
  | { kind: "violation"; message: string }
  | { kind: "failure"; message: string };

const patterns: [RegExp, (match: RegExpExecArray) => PrismEvent][] = [
  [
    /\[HTTP SERVER\] (\w+) (\S+) .*Request received/,
    (m) => ({ kind: "request", method: (m[1] ?? "").toUpperCase(), path: m[2] ?? "" }),
  ],
  [/> Responding with "(\d{3})"/, (m) => ({ kind: "response", status: Number(m[1]) })],
  [
    /upstream call to \S+ has returned (\d{3})/,
    (m) => ({ kind: "response", status: Number(m[1]) }),
  ],
  [/Violation: (.*)$/, (m) => ({ kind: "violation", message: (m[1] ?? "").trim() })],
  [
    /Request terminated with error: (.*)$/,
    (m) => ({ kind: "failure", message: (m[1] ?? "").trim() }),
  ],
];

/** The event a log line reports, or undefined for the lines that only narrate. */
export function parsePrismLine(line: string): PrismEvent | undefined {
  for (const [pattern, toEvent] of patterns) {
    const match = pattern.exec(line);
    if (match) return toEvent(match);
  }
  return undefined;
}
