/** The figures (six of the performance issue, then the CLI's), in the order `npm run bench` measures them and BENCHMARKS.md lists them. */
import { measureCache } from "./cache.ts";
import { measureCliThroughput } from "./cli.ts";
import { measureColdStart } from "./cold-start.ts";
import { measureCpu } from "./cpu.ts";
import type { Figure, Log } from "./figure.ts";
import type { LoopbackServer } from "./loopback.ts";
import { measurePagination } from "./pagination.ts";
import { measureResources } from "./resources.ts";
import { measureSize } from "./size.ts";
import { measureTypes } from "./types.ts";

export interface FigureSpec {
  key: string;
  title: string;
  measure(server: LoopbackServer, log: Log): Promise<Figure>;
}

export const figures: readonly FigureSpec[] = [
  { key: "cpu", title: "1. Client CPU per request", measure: measureCpu },
  { key: "cold-start", title: "2. Cold start", measure: measureColdStart },
  { key: "pagination", title: "3. Pagination", measure: measurePagination },
  { key: "cache", title: "4. Taxonomy cache hit", measure: measureCache },
  { key: "size", title: "5. Runtime size", measure: (_, log) => measureSize(log) },
  { key: "types", title: "6. Type cost", measure: (_, log) => measureTypes(log) },
  { key: "cli", title: "7. CLI throughput", measure: measureCliThroughput },
  { key: "resources", title: "8. Resource methods", measure: measureResources },
];
