/**
 * Pagination over the spec's `x-pagination` metadata, in its three styles: page number
 * (`page`), offset and limit (`offset`) and the id of the last item as a cursor (`keyset`).
 * `pages` yields each page's data; `paginate`, built on it, yields the items. Only paths that
 * declare `x-pagination` type-check, because clients carry their table of paginated paths.
 */
import type {
  Client,
  ClientPathsWithMethod,
  FetchResponse,
  MaybeOptionalInit,
} from "openapi-fetch";
import { SdkError } from "../core/errors.js";
import { type GetPage, type WalkInit, walk } from "./page-walk.js";
import { itemsOf, type PaginationSpec } from "./styles.js";

export type {
  KeysetPagination,
  OffsetPagination,
  PageNumberPagination,
  PaginationSpec,
} from "./styles.js";

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

/** A client's pagination table and GET, seen without the types of its paths. */
interface UntypedPaginatedClient {
  readonly [paginationTable]: AnyTable;
  readonly GET: GetPage;
}

/*
 * The one place where the typed and the untyped side meet, and so the only casts of pagination
 * (`withPaginationTable` and `listOf`). The signatures of `pages` and `paginate` already tie
 * `path`, `init`, the data and the items to the client's spec; the walk reads any path's JSON,
 * so it sees the client untyped, and its pages come back typed as the spec says (the generated
 * table and the generated types both come from it).
 */

/** Gives `client` its table of paginated paths, as a property `console.log` does not show. */
export function withPaginationTable<Paths extends object, Table extends AnyTable>(
  client: Client<Paths>,
  table: Table,
): PaginatedClient<Paths, Table> {
  return Object.defineProperty(client, paginationTable, { value: table }) as PaginatedClient<
    Paths,
    Table
  >;
}

/** A paginated path of `client`, for the walk: throws for a path without x-pagination. */
function listOf<Paths extends object, Table extends AnyTable, P extends PathIn<Paths, Table>>(
  client: PaginatedClient<Paths, Table>,
  path: P,
) {
  const source = client as unknown as UntypedPaginatedClient;
  const spec = source[paginationTable][path as string];
  if (!spec) throw new SdkError(`${String(path)} is not a paginated operation`);
  return {
    walk: (init: Init<Paths, P> | undefined, concurrency: number) =>
      walk(source.GET, path as string, spec, init as WalkInit, concurrency) as AsyncGenerator<{
        data: Data<Paths, P>;
        items: unknown[];
      }>,
    items: (data: Data<Paths, P>) => itemsOf(spec, data) as Item<Paths, Table, P>[],
  };
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
  for await (const page of listOf(client, path).walk(init, options.concurrency ?? 1)) {
    yield page.data;
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
  const list = listOf(client, path);
  for await (const data of pages(client, path, init, options)) {
    for (const item of list.items(data)) {
      yield item;
      // Stop before asking for another page once the caller has all it asked for.
      if (--remaining <= 0) return;
    }
  }
}
