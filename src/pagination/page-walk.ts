/**
 * How a paginated list is walked, page after page, in the three styles of `x-pagination`: when
 * a page is the last, what query asks for the next, and when pages can be fetched ahead.
 */
import { SdkError } from "../core/errors.js";
import { errorOf, type FetchResult } from "../core/unwrap.js";
import { fetchAhead } from "./fetch-ahead.js";

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

type Query = Record<string, unknown>;
/** One page: the response data and the items it holds. */
export type Page = { data: unknown; items: unknown[] };
/** The client's GET, as the walk calls it. */
export type GetPage = (path: string, init: unknown) => Promise<FetchResult<unknown>>;

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

/**
 * Yields the pages of `path` in order, following `spec`: one at a time, or, once a page-number
 * list's total is known, `concurrency` at a time.
 */
export async function* walk(
  get: GetPage,
  path: string,
  spec: PaginationSpec,
  init: WalkInit,
  concurrency: number,
): AsyncGenerator<Page> {
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
