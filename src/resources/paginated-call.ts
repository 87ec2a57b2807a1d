/**
 * What a paginated resource method returns: awaited, the first page as the API returned it;
 * iterated with `for await`, every item of every page.
 *
 * A plain object with `then` and `Symbol.asyncIterator` rather than a Promise subclass: a
 * subclass's `then`, `catch` and `finally` build further instances through its constructor
 * (`Symbol.species`), which would either run the request again or need a constructor that does
 * not, and the project keeps to plain objects. It is also lazy: nothing is sent until the value
 * is awaited or iterated, so `for await` does not pay for a first-page request it would not use.
 * Awaiting it twice sends the first-page request once; each iteration walks the list afresh.
 */

export interface PaginatedCall<Page, Item> extends AsyncIterable<Item> {
  /** Sends the first-page request (once) and settles with its data. */
  then<A = Page, B = never>(
    onfulfilled?: ((page: Page) => A | PromiseLike<A>) | null,
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B>;
  catch<B = never>(
    onrejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<Page | B>;
  finally(onfinally?: (() => void) | null): Promise<Page>;
  /** Every item of every page, in order, fetching the next page when the items run out. */
  [Symbol.asyncIterator](): AsyncIterator<Item>;
  /** Every page's data, in order. */
  pages(): AsyncIterable<Page>;
}

/**
 * Where a paginated call's first page, items and pages come from, for the call's own `request`
 * (what its arguments made). One source serves every call of a method, so that a call allocates
 * only its state: no closures per call.
 */
export interface PaginatedSource<Request, Page, Item> {
  first(request: Request): Promise<Page>;
  items(request: Request): AsyncIterable<Item>;
  pages(request: Request): AsyncIterable<Page>;
}

/** A call's own state; everything else is shared through `paginatedCallMethods`. */
interface CallState<Request, Page, Item> {
  source: PaginatedSource<Request, Page, Item>;
  request: Request;
  first: Promise<Page> | undefined;
}

/** Sends the first-page request once, however many times the call is awaited. */
function firstPage<Page>(call: CallState<unknown, Page, unknown>): Promise<Page> {
  call.first ??= call.source.first(call.request);
  return call.first;
}

/*
 * The methods live on one shared prototype rather than in an object literal per call: a literal
 * with five closures and a computed symbol key costs about 0.6 µs a call to build (measured in
 * Node 20), several times the prototype's cost, and every list call pays it.
 */
const paginatedCallMethods: PaginatedCall<unknown, unknown> &
  ThisType<CallState<unknown, unknown, unknown>> = {
  // biome-ignore lint/suspicious/noThenProperty: this value is meant to be awaited
  then(onfulfilled, onrejected) {
    return firstPage(this).then(onfulfilled, onrejected);
  },
  catch(onrejected) {
    return firstPage(this).catch(onrejected);
  },
  finally(onfinally) {
    return firstPage(this).finally(onfinally);
  },
  [Symbol.asyncIterator]() {
    return this.source.items(this.request)[Symbol.asyncIterator]();
  },
  pages() {
    return this.source.pages(this.request);
  },
};

export function paginatedCall<Request, Page, Item>(
  source: PaginatedSource<Request, Page, Item>,
  request: Request,
): PaginatedCall<Page, Item> {
  const call: CallState<Request, Page, Item> = Object.create(paginatedCallMethods);
  call.source = source;
  call.request = request;
  call.first = undefined;
  // The shared methods read nothing but this state, whatever Request, Page and Item are.
  return call as unknown as PaginatedCall<Page, Item>;
}
