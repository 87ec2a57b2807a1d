/**
 * Contract coverage, computed from what was sent: an operation counts when the transcript holds
 * a request to its method and path on its API's Prism that got a 2xx without a `Prefer` header
 * steering the answer. The denominator is the generated operations metadata of every spec; the
 * operation a call was is found by the SDK's own route matcher.
 */
import { createRouteMatcher, type RouteMatcher } from "../../src/core/routes.ts";
import type { Exchange } from "./recorder.ts";
import type { OperationRow } from "./specs.ts";

export interface CoveredApi {
  name: string;
  /** The Prism the calls went to. */
  baseUrl: string;
  operations: readonly OperationRow[];
}

export interface Coverage {
  /** `api operationId` of every operation with a 2xx call. */
  covered: string[];
  missing: string[];
  total: number;
  /** `contract coverage: N/M operations` */
  line: string;
}

/** The operation an exchange called, or undefined when it went elsewhere. */
function operationCalled(
  api: CoveredApi,
  routes: RouteMatcher<OperationRow>,
  exchange: Exchange,
): string | undefined {
  const url = new URL(exchange.url);
  if (url.origin !== new URL(api.baseUrl).origin) return undefined;
  const row = routes.find(exchange.method, url.pathname);
  return row && `${api.name} ${row.operationId}`;
}

export function coverageOf(apis: readonly CoveredApi[], exchanges: readonly Exchange[]): Coverage {
  const covered = new Set<string>();
  const all: string[] = [];
  for (const api of apis) {
    const routes = createRouteMatcher(api.operations, api.baseUrl);
    all.push(...api.operations.map((row) => `${api.name} ${row.operationId}`));
    for (const exchange of exchanges) {
      if (exchange.status < 200 || exchange.status >= 300 || exchange.prefer !== null) continue;
      const key = operationCalled(api, routes, exchange);
      if (key) covered.add(key);
    }
  }
  const missing = all.filter((key) => !covered.has(key));
  const line = `contract coverage: ${covered.size}/${all.length} operations`;
  return { covered: [...covered], missing, total: all.length, line };
}
