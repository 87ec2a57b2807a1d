/**
 * Finds which spec operation a request is for, from the generated metadata: the transport asks
 * whether a request may be sent twice, which depends on the operation, not only the method.
 */

/** The part of a generated operation row the SDK reads at run time. */
export interface OperationMeta {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly tag: string;
  readonly idempotent: boolean;
}

export interface OperationIndex {
  /** The operation `request` calls, or undefined when no path of the spec matches. */
  find(request: Request): OperationMeta | undefined;
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^$()|[\]\\]/g, "\\$&");

export function createOperationIndex(
  operations: readonly OperationMeta[],
  baseUrl: string,
): OperationIndex {
  const basePath = new URL(baseUrl).pathname.replace(/\/$/, "");
  const routes = operations.map((operation) => {
    const pattern = escapeRegExp(operation.path).replace(/\{[^}]+\}/g, "[^/]+");
    return { operation, pattern: new RegExp(`^${escapeRegExp(basePath)}${pattern}/?$`) };
  });
  // Requests repeat a handful of URLs: remember the answer per method and path (bounded).
  const found = new Map<string, OperationMeta | undefined>();
  const search = (method: string, path: string) =>
    routes.find((r) => r.operation.method === method && r.pattern.test(path))?.operation;
  return {
    find(request) {
      const path = new URL(request.url).pathname;
      const key = `${request.method} ${path}`;
      if (found.has(key)) return found.get(key);
      const operation = search(request.method, path);
      if (found.size >= 1000) found.clear();
      found.set(key, operation);
      return operation;
    },
  };
}
