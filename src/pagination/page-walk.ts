/**
 * Walks a paginated list page after page, as its style's strategy says; once a page-number
 * list's first page tells how many follow, `concurrency` of them are fetched at a time.
 */
import { SdkError } from "../core/errors.js";
import { errorOf, type FetchResult } from "../core/unwrap.js";
import { fetchAhead } from "./fetch-ahead.js";
import { itemsOf, type Page, type PaginationSpec, type Query, strategyFor } from "./styles.js";

/** The client's GET, as the walk calls it. */
export type GetPage = (path: string, init: WalkInit) => Promise<FetchResult<unknown>>;
/** The caller's request options; the walk sets `params.query` (and `signal` when fetching ahead). */
export type WalkInit = { params?: { query?: Query }; signal?: AbortSignal } | undefined;

/** The items as JSON, to compare pages; undefined when they are too deep to write out. */
function fingerprint(page: Page): string | undefined {
  try {
    return JSON.stringify(page.items);
  } catch {
    return undefined;
  }
}

/**
 * Throws when a page holds the same items as the page before it, before those items are handed
 * out twice: the server ignored `param` (the page number or offset), and asking on would loop.
 */
function repeatGuard(param: string | undefined) {
  let previous: string | undefined;
  return (page: Page, query: Query) => {
    if (param === undefined || page.items.length === 0) return;
    const current = fingerprint(page);
    if (current !== undefined && current === previous)
      throw new SdkError(
        `Pagination stopped: the server ignored the page parameter ${param} (${param}=${String(query[param])} returned the same items as the page before)`,
      );
    previous = current;
  };
}

/** Yields the pages of `path` in order, following `spec`, until the last one. */
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

  const firstQuery: Query = { ...init?.params?.query };
  const strategy = strategyFor(spec, firstQuery);
  const guard = repeatGuard(strategy.param);
  const first = await fetchPage(firstQuery);
  guard(first, firstQuery);
  yield first;
  let query = strategy.next(first);
  const ahead = query && concurrency > 1 ? strategy.remaining(first) : [];
  if (ahead.length > 1) {
    const stopped = new AbortController();
    const caller = init?.signal;
    const signal = caller ? AbortSignal.any([caller, stopped.signal]) : stopped.signal;
    const load = async (next: Query) => ({ query: next, page: await fetchPage(next, signal) });
    for await (const { query: asked, page } of fetchAhead(ahead, concurrency, load, () =>
      stopped.abort(),
    )) {
      guard(page, asked);
      yield page;
      // The strategy still judges each page: a stale total ends at a short page.
      query = strategy.next(page);
      if (query === undefined) return;
    }
  }
  while (query !== undefined) {
    const page = await fetchPage(query);
    guard(page, query);
    yield page;
    query = strategy.next(page);
  }
}
