/** The figures, in the order `npm run bench` measures them and BENCHMARKS.md lists them. */
import { measureCache } from "./cache.ts";
import { measureCliThroughput } from "./cli.ts";
import { measureColdStart } from "./cold-start.ts";
import { measureCpu } from "./cpu.ts";
import type { Figure, Log } from "./figure.ts";
import { measureImportTime } from "./import-time.ts";
import type { LoopbackServer } from "./loopback.ts";
import { measureMemory } from "./memory.ts";
import { measureObservability } from "./observability.ts";
import { measurePagination } from "./pagination.ts";
import { measureSharedLimiter } from "./redis.ts";
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
  { key: "memory", title: "2. Memory: one 20 MB response", measure: measureMemory },
  { key: "import", title: "3. Import time", measure: (_, log) => measureImportTime(log) },
  { key: "size", title: "4. Root entry size", measure: (_, log) => measureSize(log) },
  { key: "cold-start", title: "5. Cold start", measure: measureColdStart },
  { key: "pagination", title: "6. Pagination", measure: measurePagination },
  { key: "cache", title: "7. Taxonomy cache hit", measure: measureCache },
  { key: "types", title: "8. Type cost", measure: (_, log) => measureTypes(log) },
  { key: "cli", title: "9. CLI throughput", measure: measureCliThroughput },
  { key: "resources", title: "10. Resource methods", measure: measureResources },
  { key: "redis", title: "11. Fleet mode (Redis)", measure: measureSharedLimiter },
  { key: "observability", title: "12. Logging and tracing cost", measure: measureObservability },
];
