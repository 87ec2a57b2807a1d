/**
 * Contract coverage, computed from what was sent: an operation counts when the transcript holds
 * a request to its method and path on its API's Prism that got a 2xx without a `Prefer` header
 * steering the answer. The denominator is the generated operations metadata of every spec.
 */
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

const escapeRegExp = (text: string) => text.replace(/[.*+?^$()|[\]\\]/g, "\\$&");

interface Route {
  key: string;
  method: string;
  pattern: RegExp;
  templated: number;
}

function routesOf(api: CoveredApi): Route[] {
  const basePath = new URL(api.baseUrl).pathname.replace(/\/$/, "");
  return (
    api.operations
      .map((row) => ({
        key: `${api.name} ${row.operationId}`,
        method: row.method,
        pattern: new RegExp(
          `^${escapeRegExp(basePath)}${escapeRegExp(row.path).replace(/\{[^}]+\}/g, "[^/]+")}$`,
        ),
        templated: (row.path.match(/\{/g) ?? []).length,
      }))
      // A concrete path wins over a templated one that also matches (OpenAPI 3.1 §4.8.8).
      .sort((a, b) => a.templated - b.templated)
  );
}

/** The operation an exchange called, or undefined when it went elsewhere. */
function operationCalled(api: CoveredApi, routes: Route[], exchange: Exchange): string | undefined {
  const url = new URL(exchange.url);
  if (url.origin !== new URL(api.baseUrl).origin) return undefined;
  return routes.find((r) => r.method === exchange.method && r.pattern.test(url.pathname))?.key;
}

export function coverageOf(apis: readonly CoveredApi[], exchanges: readonly Exchange[]): Coverage {
  const covered = new Set<string>();
  const all: string[] = [];
  for (const api of apis) {
    const routes = routesOf(api);
    all.push(...routes.map((r) => r.key));
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
