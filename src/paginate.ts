/**
 * Pagination over the spec's `x-pagination` metadata, in its three styles: page number
 * (`page`), offset and limit (`offset`) and the id of the last item as a cursor (`keyset`).
 * `pages` yields each page's data; `paginate` yields the items. Only paths that declare
 * `x-pagination` type-check, because clients carry their table of paginated paths.
 */
import type {
  Client,
  ClientPathsWithMethod,
  FetchResponse,
  MaybeOptionalInit,
} from "openapi-fetch";
import { SdkError } from "./errors.js";
import { fetchAhead } from "./fetch-ahead.js";
import { errorOf, type FetchResult } from "./unwrap.js";

/** One operation's `x-pagination`, as generated into `<api>.operations.ts`. */
export interface PaginationSpec {
  readonly style: "page" | "offset" | "keyset";
  /** The response property holding the items; absent when the body is the array itself. */
  readonly items?: string;
  readonly pageParam?: string;
  readonly sizeParam?: string;
  readonly totalField?: string;
  readonly offsetParam?: string;
  readonly limitParam?: string;
  readonly cursorParam?: string;
  readonly cursorField?: string;
  readonly hasMoreField?: string;
  /** The size parameter's default in the spec: a shorter page is the last one. */
  readonly defaultSize?: number;
}

/** Where a client keeps its paginated paths (a symbol: invisible to JSON and `console.log`). */
export const paginationTable: unique symbol = Symbol("bctt-cesce-sdk.pagination");

/** An openapi-fetch client that knows which of its GET paths are paginated, and how. */
export type PaginatedClient<
  Paths extends object,
  Table extends Record<string, PaginationSpec>,
> = Client<Paths> & {
  readonly [paginationTable]: Table;
};

type AnyTable = Record<string, PaginationSpec>;
/** The paginated GET paths of a client's table. */
type PathIn<Paths extends object, Table extends AnyTable> = keyof Table &
  ClientPathsWithMethod<Client<Paths>, "get">;
type GetOf<Paths, P> = P extends keyof Paths
  ? Paths[P] extends { get: infer Op }
    ? Op
    : never
  : never;
type Data<Paths, P> = NonNullable<
  FetchResponse<
    GetOf<Paths, P> & Record<string, unknown>,
    Record<string, never>,
    `${string}/${string}`
  >["data"]
>;
type Item<Paths, Table extends AnyTable, P> = Table[P & keyof Table] extends {
  items: infer K extends string;
}
  ? Data<Paths, P> extends Record<K, readonly (infer I)[]>
    ? I
    : never
  : Data<Paths, P> extends readonly (infer I)[]
    ? I
    : never;
type Init<Paths, P> = MaybeOptionalInit<Paths[P & keyof Paths] & Record<string, unknown>, "get">;

/** The data of one page of path `P` of client `C`. */
export type PageOf<C, P> =
  C extends PaginatedClient<infer Paths, AnyTable> ? Data<Paths, P> : never;
/** One item of path `P`'s pages, for client `C`. */
export type ItemOf<C, P> =
  C extends PaginatedClient<infer Paths, infer Table> ? Item<Paths, Table, P> : never;

/** Limits of a `paginate` or `pages` walk. */
export interface PaginateOptions {
  /** Stop after this many items (pages stop after the page that reaches it). */
  maxItems?: number;
  /**
   * Pages requested at once once the total is known (page-number style with a total count),
   * yielded in order; other styles need each page's answer to ask for the next. @default 1
   */
  concurrency?: number;
}

type Query = Record<string, unknown>;
type Page = { data: unknown; items: unknown[] };

const itemsOf = (spec: PaginationSpec, data: unknown): unknown[] => {
  const items =
    spec.items === undefined ? data : (data as Record<string, unknown> | null)?.[spec.items];
  return Array.isArray(items) ? items : [];
};
const field = (data: unknown, name: string | undefined): unknown =>
  name === undefined ? undefined : (data as Record<string, unknown> | null)?.[name];
/** Counts may arrive as numeric strings (the Partners Portal's own example sends "50"). */
const count = (value: unknown): number | undefined => {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
};

/** The query of the page after `page`, or undefined when `page` was the last one. */
function nextQuery(
  spec: PaginationSpec,
  query: Query,
  page: Page,
  seen: Set<unknown>,
): Query | undefined {
  const { items, data } = page;
  if (items.length === 0) return undefined;
  if (spec.style === "keyset") {
    const hasMore = field(data, spec.hasMoreField);
    if (hasMore === false || hasMore === "false") return undefined;
    const cursor = field(items[items.length - 1], spec.cursorField);
    if (cursor === undefined || cursor === null) return undefined;
    if (seen.has(cursor))
      throw new SdkError(`Pagination stopped: the cursor ${String(cursor)} came back twice`);
    seen.add(cursor);
    return { ...query, [spec.cursorParam as string]: cursor };
  }
  const sizeName = spec.style === "page" ? spec.sizeParam : spec.limitParam;
  const size = count(query[sizeName as string]) ?? spec.defaultSize;
  if (size !== undefined && items.length < size) return undefined;
  if (spec.style === "offset") {
    const offset = count(query[spec.offsetParam as string]) ?? 0;
    return { ...query, [spec.offsetParam as string]: offset + items.length };
  }
  const pageNumber = count(query[spec.pageParam as string]) ?? 1;
  const total = count(field(data, spec.totalField));
  if (total !== undefined && size !== undefined && pageNumber * size >= total) return undefined;
  return { ...query, [spec.pageParam as string]: pageNumber + 1 };
}

type WalkInit = { params?: { query?: Query }; signal?: AbortSignal } | undefined;

/** How many pages follow `first`, when they can be requested without waiting for each other. */
function pagesAfter(spec: PaginationSpec, query: Query, first: Page): number {
  if (spec.style !== "page") return 0;
  const size = count(query[spec.sizeParam as string]) ?? spec.defaultSize;
  const total = count(field(first.data, spec.totalField));
  if (size === undefined || total === undefined || first.items.length < size) return 0;
  const pageNumber = count(query[spec.pageParam as string]) ?? 1;
  return Math.max(0, Math.ceil(total / size) - pageNumber);
}

async function* walk(
  client: PaginatedClient<object, Record<string, PaginationSpec>>,
  path: string,
  init: WalkInit,
  concurrency: number,
): AsyncGenerator<Page> {
  const spec = client[paginationTable][path];
  if (!spec) throw new SdkError(`${path} is not a paginated operation`);
  const get = client.GET as unknown as (
    path: string,
    init: unknown,
  ) => Promise<FetchResult<unknown>>;
  const fetchPage = async (query: Query, signal = init?.signal): Promise<Page> => {
    const result = await get(path, { ...init, params: { ...init?.params, query }, signal });
    const error = errorOf(result);
    if (error) throw error;
    return { data: result.data, items: itemsOf(spec, result.data) };
  };

  const seen = new Set<unknown>();
  const firstQuery: Query = { ...init?.params?.query };
  const first = await fetchPage(firstQuery);
  yield first;
  const ahead = concurrency > 1 ? pagesAfter(spec, firstQuery, first) : 0;
  if (ahead > 0) {
    yield* pagesAhead(spec, firstQuery, ahead, concurrency, fetchPage, init?.signal);
    return;
  }
  let query: Query | undefined = firstQuery;
  for (let page = first; ; ) {
    query = nextQuery(spec, query, page, seen);
    if (query === undefined) return;
    page = await fetchPage(query);
    yield page;
  }
}

/** The `count` pages after the first, `concurrency` at a time, in order; aborted when the walk stops. */
async function* pagesAhead(
  spec: PaginationSpec,
  query: Query,
  count: number,
  concurrency: number,
  fetchPage: (query: Query, signal?: AbortSignal) => Promise<Page>,
  callerSignal: AbortSignal | undefined,
): AsyncGenerator<Page> {
  const stopped = new AbortController();
  const signal = callerSignal ? AbortSignal.any([callerSignal, stopped.signal]) : stopped.signal;
  const pageParam = spec.pageParam as string;
  const firstNumber = (Number(query[pageParam]) || 1) + 1;
  const size = Number(query[spec.sizeParam as string] ?? spec.defaultSize);
  const load = (i: number) => fetchPage({ ...query, [pageParam]: firstNumber + i }, signal);
  for await (const page of fetchAhead(count, concurrency, load, () => stopped.abort())) {
    yield page;
    if (page.items.length < size) return; // the total was stale: a short page is the last one
  }
}

/**
 * Yields each page's data, following the path's pagination style until the last page.
 *
 * @example
 * for await (const page of pages(client, "/v1/simulations", { params: { query: { lineCount: 50 } } })) {
 *   console.log(page.totalRecords);
 * }
 */
export async function* pages<
  Paths extends object,
  Table extends AnyTable,
  P extends PathIn<Paths, Table>,
>(
  client: PaginatedClient<Paths, Table>,
  path: P,
  init?: NoInfer<Init<Paths, P>>,
  options: PaginateOptions = {},
): AsyncGenerator<Data<Paths, P>> {
  let yielded = 0;
  for await (const page of walk(
    client as never,
    path as string,
    init as never,
    options.concurrency ?? 1,
  )) {
    yield page.data as Data<Paths, P>;
    yielded += page.items.length;
    if (options.maxItems !== undefined && yielded >= options.maxItems) return;
  }
}

/**
 * Yields every item of every page, in order; stops early at `maxItems` or when the loop breaks.
 *
 * @example
 * for await (const message of paginate(client, "/v1/processes/{processUniqueId}/message", {
 *   params: { path: { processUniqueId } },
 * })) console.log(message.subject);
 */
export async function* paginate<
  Paths extends object,
  Table extends AnyTable,
  P extends PathIn<Paths, Table>,
>(
  client: PaginatedClient<Paths, Table>,
  path: P,
  init?: NoInfer<Init<Paths, P>>,
  options: PaginateOptions = {},
): AsyncGenerator<Item<Paths, Table, P>> {
  let remaining = options.maxItems ?? Number.POSITIVE_INFINITY;
  if (remaining <= 0) return;
  for await (const page of walk(
    client as never,
    path as string,
    init as never,
    options.concurrency ?? 1,
  )) {
    for (const item of page.items) {
      yield item as Item<Paths, Table, P>;
      // Stop before asking for another page once the caller has all it asked for.
      if (--remaining <= 0) return;
    }
  }
}
