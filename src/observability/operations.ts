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
export type OperationFinder = (method: string, pathname: string) => OperationRoute | undefined;

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
  const matcher = createRouteMatcher([...rowsOf(table, []), ...others], baseUrl);
  return (method, pathname) => matcher.find(method, pathname);
}
