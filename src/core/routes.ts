/**
 * Finds which spec path template a request's method and URL path match: the transport asks it
 * whether a request may be sent twice (which depends on the operation, not only the method), and
 * the contract suite's coverage count asks it which operation a recorded call was.
 */

/** What a route needs: a method and an OpenAPI path template such as `/v1/processes/{id}`. */
export interface Route {
  readonly method: string;
  readonly path: string;
}

export interface RouteMatcher<R extends Route> {
  /** The route `method` and `pathname` (with the base URL's path) match, or undefined. */
  find(method: string, pathname: string): R | undefined;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
const templatedSegments = (path: string) => path.split("{").length - 1;

/**
 * A matcher over `routes` served under `baseUrl`. A concrete path wins over a templated one that
 * also matches (OpenAPI 3.1 §4.8.8), and a trailing slash is ignored.
 */
export function createRouteMatcher<R extends Route>(
  routes: readonly R[],
  baseUrl: string,
): RouteMatcher<R> {
  const basePath = escapeRegExp(new URL(baseUrl).pathname.replace(/\/$/, ""));
  const patterns = [...routes]
    .sort((a, b) => templatedSegments(a.path) - templatedSegments(b.path))
    .map((route) => {
      const pattern = escapeRegExp(route.path).replace(/\{[^}]+\}/g, "[^/]+");
      return { route, pattern: new RegExp(`^${basePath}${pattern}/?$`) };
    });
  // Requests repeat a handful of URLs: remember the answer per method and path (bounded).
  const found = new Map<string, R | undefined>();
  const search = (method: string, pathname: string) =>
    patterns.find((p) => p.route.method === method && p.pattern.test(pathname))?.route;
  return {
    find(method, pathname) {
      const key = `${method} ${pathname}`;
      // One lookup for a known route; `has` only tells a remembered miss from a new request.
      const known = found.get(key);
      if (known !== undefined || found.has(key)) return known;
      const route = search(method, pathname);
      if (found.size >= 1000) found.clear();
      found.set(key, route);
      return route;
    },
  };
}
