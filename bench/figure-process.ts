/**
 * Measures one figure in a process of its own, so that no figure inherits another's JIT state,
 * heap or open connections (and the cold start is really cold). run.ts starts it with the
 * figure's key and the server's base URL; it sends back progress lines and the figure, or the
 * error, over IPC.
 */
import type { Figure } from "./figure.ts";
import { figures } from "./figures.ts";
import { serverAt } from "./loopback.ts";

export type FigureMessage = { log: string } | { figure: Figure } | { error: string };

const [key, baseUrl] = process.argv.slice(2) as [string, string];
const send = (message: FigureMessage) => process.send?.(message);

try {
  const spec = figures.find((f) => f.key === key);
  if (!spec) throw new Error(`no figure ${key}`);
  send({ figure: await spec.measure(serverAt(baseUrl), (line) => send({ log: line })) });
} catch (error) {
  send({ error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
}
process.disconnect?.();
