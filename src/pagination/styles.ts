/**
 * The three styles of `x-pagination`, each a strategy that reads its parameters once and then
 * answers, page after page, what to ask for next. A list never ends early while its total says
 * more items exist, and never loops: a page that repeats the one before ends the walk with an
 * `SdkError`, as does a cursor that comes back.
 */
import { scalarText } from "../core/error-body.js";
import { SdkError } from "../core/errors.js";

interface StyleFields {
  /** The response property holding the items; absent when the body is the array itself. */
  readonly items?: string;
  /** The size parameter's default in the spec, used when the caller sends no size. */
  readonly defaultSize?: number;
}

/** Page number and size (`pageParam`, `sizeParam`), with the total count when the API sends one. */
export interface PageNumberPagination extends StyleFields {
  readonly style: "page";
  readonly pageParam: string;
  readonly sizeParam: string;
  readonly totalField?: string;
}

/** Offset and limit (`offsetParam`, `limitParam`), with the total count when the API sends one. */
export interface OffsetPagination extends StyleFields {
  readonly style: "offset";
  readonly offsetParam: string;
  readonly limitParam: string;
  readonly totalField?: string;
}

/** The last item's `cursorField` sent as `cursorParam`, until `hasMoreField` says false. */
export interface KeysetPagination extends StyleFields {
  readonly style: "keyset";
  readonly cursorParam: string;
  readonly cursorField: string;
  readonly sizeParam?: string;
  readonly hasMoreField?: string;
}

/** One operation's `x-pagination`, as generated from the spec (and checked by the generator). */
export type PaginationSpec = PageNumberPagination | OffsetPagination | KeysetPagination;

export type Query = Record<string, unknown>;
/** One page: the response data and the items it holds. */
export interface Page {
  data: unknown;
  items: unknown[];
}

/** How one walk of one list goes on, page after page (it keeps the walk's position). */
export interface Strategy {
  /**
   * The query parameter that moves from page to page (page number or offset): a page with the
   * same items as the one before means the server ignored it. Undefined for cursors, which have
   * a check of their own.
   */
  readonly param: string | undefined;
  /** The query of the page after `page` (the last one asked for), or undefined at the end. */
  next(page: Page): Query | undefined;
  /**
   * The queries of the pages that `first`'s total says follow it, which can be asked for at once;
   * empty when the style or the answer cannot tell.
   */
  remaining(first: Page): Query[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null;
const field = (data: unknown, name: string | undefined): unknown =>
  name === undefined || !isRecord(data) ? undefined : data[name];
/** Counts may arrive as numeric strings (the Partners Portal's own example sends "50"). */
const count = (value: unknown): number | undefined => {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
};

/** The items of a page's data, by the spec's `items` property (none when it is not an array). */
export function itemsOf(spec: PaginationSpec, data: unknown): unknown[] {
  const items = spec.items === undefined ? data : field(data, spec.items);
  return Array.isArray(items) ? items : [];
}

/**
 * Whether a page-number or offset list ends at `page`: an empty page always; with a total, when
 * the items reach it or a page is shorter than the server's own page size (the first page's);
 * without one, when a page is shorter than the size asked for.
 */
function endsAt(page: Page, seenThrough: number, total: number | undefined, sizes: Sizes) {
  if (page.items.length === 0) return true;
  if (total === undefined) return sizes.asked !== undefined && page.items.length < sizes.asked;
  return page.items.length < (sizes.served ?? 0) || seenThrough >= total;
}
type Sizes = { asked: number | undefined; served: number | undefined };

function pageNumbers(spec: PageNumberPagination, query: Query): Strategy {
  const first = count(query[spec.pageParam]) ?? 1;
  const sizes: Sizes = {
    asked: count(query[spec.sizeParam]) ?? spec.defaultSize,
    served: undefined,
  };
  let pageNumber = first;
  return {
    param: spec.pageParam,
    next(page) {
      sizes.served ??= page.items.length; // the server's page size, when it differs from the asked
      const total = count(field(page.data, spec.totalField));
      if (endsAt(page, pageNumber * sizes.served, total, sizes)) return undefined;
      pageNumber++;
      return { ...query, [spec.pageParam]: pageNumber };
    },
    remaining(firstPage) {
      const size = firstPage.items.length;
      const total = count(field(firstPage.data, spec.totalField));
      if (total === undefined || size === 0) return [];
      const last = Math.ceil(total / size);
      return Array.from({ length: Math.max(0, last - first) }, (_, i) => ({
        ...query,
        [spec.pageParam]: first + 1 + i,
      }));
    },
  };
}

function offsets(spec: OffsetPagination, query: Query): Strategy {
  const sizes: Sizes = {
    asked: count(query[spec.limitParam]) ?? spec.defaultSize,
    served: undefined,
  };
  let offset = count(query[spec.offsetParam]) ?? 0;
  return {
    param: spec.offsetParam,
    next(page) {
      sizes.served ??= page.items.length;
      offset += page.items.length;
      const total = count(field(page.data, spec.totalField));
      if (endsAt(page, offset, total, sizes)) return undefined;
      return { ...query, [spec.offsetParam]: offset };
    },
    remaining: () => [],
  };
}

function cursors(spec: KeysetPagination, query: Query): Strategy {
  const seen = new Set<unknown>();
  return {
    param: undefined,
    next({ items, data }) {
      if (items.length === 0) return undefined;
      const hasMore = field(data, spec.hasMoreField);
      if (hasMore === false || hasMore === "false") return undefined;
      const cursor = field(items[items.length - 1], spec.cursorField);
      if (cursor === undefined || cursor === null) return undefined;
      if (seen.has(cursor))
        throw new SdkError(
          `Pagination stopped: the cursor ${scalarText(cursor) ?? "(not a scalar)"} came back twice`,
        );
      seen.add(cursor);
      return { ...query, [spec.cursorParam]: cursor };
    },
    remaining: () => [],
  };
}

/** The strategy of `spec`'s style, for a walk that starts with `query`. */
export function strategyFor(spec: PaginationSpec, query: Query): Strategy {
  if (spec.style === "page") return pageNumbers(spec, query);
  if (spec.style === "offset") return offsets(spec, query);
  return cursors(spec, query);
}
