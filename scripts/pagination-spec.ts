/**
 * Checks an operation's `x-pagination` against the styles the SDK walks (`PaginationSpec` in
 * src/pagination/styles.ts), so a mistake fails `npm run generate` naming the operation instead
 * of surfacing as a list that stops early or never ends.
 */
import type { PaginationSpec } from "../src/pagination/styles.ts";

type Json = Record<string, unknown>;

/** Per style: the fields it requires, the ones it allows, and which name query parameters. */
const styles = {
  page: { required: ["pageParam", "sizeParam"], optional: ["items", "totalField"] },
  offset: { required: ["offsetParam", "limitParam"], optional: ["items", "totalField"] },
  keyset: {
    required: ["cursorParam", "cursorField"],
    optional: ["items", "sizeParam", "hasMoreField"],
  },
} as const;
const parameterFields = new Set([
  "pageParam",
  "sizeParam",
  "offsetParam",
  "limitParam",
  "cursorParam",
]);

export interface PaginatedOperation {
  operationId: string;
  method: string;
  path: string;
  /** The operation's parameters (path-level ones included), `$ref`s resolved. */
  parameters: readonly Json[];
}

/**
 * The `x-pagination` of `operation`, checked, with `defaultSize` added from the size parameter's
 * schema default; throws an Error naming the operation when it is not one of the three styles.
 */
export function checkPagination(value: unknown, operation: PaginatedOperation): PaginationSpec {
  const fail = (problem: string): never => {
    const { operationId, method, path } = operation;
    throw new Error(`x-pagination of ${operationId} (${method} ${path}): ${problem}`);
  };
  if (typeof value !== "object" || value === null || Array.isArray(value))
    return fail("must be an object");
  const pagination = value as Json;
  const style = pagination.style;
  if (style !== "page" && style !== "offset" && style !== "keyset")
    return fail(`style must be page, offset or keyset, not ${JSON.stringify(style)}`);
  if (operation.method !== "GET") fail("only a GET can be paginated");
  const { required, optional } = styles[style];
  const allowed = new Set<string>(["style", ...required, ...optional]);
  for (const key of Object.keys(pagination))
    if (!allowed.has(key)) fail(`${key} is not a field of the ${style} style`);
  for (const key of required) if (!(key in pagination)) fail(`the ${style} style needs ${key}`);
  const queryNames = new Set(
    operation.parameters.filter((p) => p.in === "query").map((p) => p.name),
  );
  for (const [key, name] of Object.entries(pagination)) {
    if (key === "style") continue;
    if (typeof name !== "string" || name === "") fail(`${key} must be a non-empty string`);
    if (parameterFields.has(key) && !queryNames.has(name))
      fail(`${key} names ${JSON.stringify(name)}, which is not a query parameter`);
  }
  const sizeName = pagination.sizeParam ?? pagination.limitParam;
  const size = operation.parameters.find((p) => p.in === "query" && p.name === sizeName);
  const defaultSize = (size?.schema as Json | undefined)?.default;
  if (defaultSize !== undefined && typeof defaultSize !== "number")
    fail(`the default of ${String(sizeName)} must be a number`);
  const checked = defaultSize === undefined ? pagination : { ...pagination, defaultSize };
  // Every field was checked above against the style's own list.
  return checked as unknown as PaginationSpec;
}
