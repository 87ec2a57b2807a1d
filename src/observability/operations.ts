/**
 * Which operation a request is, for log lines and span names: its operationId and path
 * template, found by method and path among the generated resource table's rows and the
 * operations that have no resource method (Authenticate, the OAuth token request).
 */
import { createRouteMatcher, type Route } from "../core/routes.js";
import type { ResourceTable } from "../resources/resources.js";

/** An operation by method and path template. */
export interface OperationRoute extends Route {
  readonly operationId: string;
}

/** Finds the operation a request's method and URL path are. */
export interface OperationFinder {
  (method: string, pathname: string): OperationRoute | undefined;
  /** Every operationId and path template it knows: what log lines may name. */
  readonly names: ReadonlySet<string>;
}

/** A finder that asks `finders` in turn. */
export function firstOf(...finders: OperationFinder[]): OperationFinder {
  const find = (method: string, pathname: string) => {
    for (const finder of finders) {
      const found = finder(method, pathname);
      if (found) return found;
    }
    return undefined;
  };
  return Object.assign(find, { names: new Set(finders.flatMap((finder) => [...finder.names])) });
}

function rowsOf(table: ResourceTable, into: OperationRoute[]): OperationRoute[] {
  for (const entry of Object.values(table)) {
    if (!Array.isArray(entry)) rowsOf(entry as ResourceTable, into);
    else if (entry[3] !== undefined)
      into.push({ method: entry[0], path: entry[1], operationId: entry[3] });
  }
  return into;
}

/** A finder over `table`'s methods and `others`, served under `baseUrl`. */
export function operationFinder(
  baseUrl: string,
  table: ResourceTable,
  others: readonly OperationRoute[] = [],
): OperationFinder {
  const routes = [...rowsOf(table, []), ...others];
  const matcher = createRouteMatcher(routes, baseUrl);
  const names = new Set(routes.flatMap((route) => [route.operationId, route.path]));
  return Object.assign((method: string, pathname: string) => matcher.find(method, pathname), {
    names,
  });
}
