/**
 * One resource method, built from its row of the generated resource table: it turns positional
 * arguments into openapi-fetch's `{ params, body }`, sends the call through the client (so the
 * middleware, session, retries and error mapping are the typed calls' own), and returns the data
 * with `unwrap`, or a paginated call for a paginated operation.
 */
import { ConfigurationError } from "../core/errors.js";
import { errorOf, type FetchResult } from "../core/unwrap.js";
import { rememberResponse } from "../observability/metadata.js";
import { type PaginateOptions, pages, paginate } from "../pagination/paginate.js";
import { type PaginatedSource, paginatedCall } from "./paginated-call.js";
import {
  applyOptions,
  type CallInit,
  type CallSettings,
  type PaginatedRequestOptions,
} from "./request-options.js";

/** What follows a method's path parameters (see the generated resource table). */
export type ArgumentKind = "none" | "query" | "body" | "both";
/** One generated row: HTTP method, path template, what follows the path parameters, operationId. */
export type MethodRow = readonly [
  method: string,
  path: string,
  kind: ArgumentKind,
  operationId?: string,
];

type Send = (path: string, init: CallInit) => Promise<FetchResult<unknown>>;
/** The client as the methods see it: its calls by HTTP method, and its paginated paths. */
export interface MethodContext {
  readonly client: object;
  readonly paginated: (path: string) => boolean;
  readonly fetchWith: (settings: CallSettings) => (request: Request) => Promise<Response>;
}

/*
 * The untyped side of the resource methods, and so their only casts: the generated interfaces
 * type each method's arguments and result from the spec, and the generated table the methods are
 * built from comes from the same spec; here a method reads any path's call.
 */
type Walk = (
  client: object,
  path: string,
  init: CallInit,
  options: PaginateOptions,
) => AsyncIterable<unknown>;
const walkItems = paginate as unknown as Walk;
const walkPages = pages as unknown as Walk;

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null;

/** The path parameters by name; the client's own guard refuses a missing or empty one. */
function pathParamsOf(names: readonly string[], args: readonly unknown[]) {
  const path: Record<string, unknown> = {};
  for (let i = 0; i < names.length; i++) path[names[i] as string] = args[i];
  return path;
}

/**
 * openapi-fetch's init for one call, from the argument after the path parameters (`arg`) and
 * the options (which hold the query of a call whose body is positional).
 */
function callInit(label: string, kind: ArgumentKind, arg: unknown, options: unknown): CallInit {
  const init: CallInit = { params: {} };
  if (kind === "none") return init;
  if (kind === "body") {
    if (arg !== undefined) init.body = arg;
    if (isObject(options) && options.query !== undefined) init.params.query = options.query;
    return init;
  }
  if (arg === undefined) return init;
  if (!isObject(arg))
    throw new ConfigurationError(
      `${label}: the ${kind === "both" ? "request" : "query"} must be an object`,
    );
  if (kind === "query") init.params.query = arg;
  else {
    if (arg.query !== undefined) init.params.query = arg.query;
    if (arg.body !== undefined) init.body = arg.body;
  }
  return init;
}

/**
 * The call's data, or its error thrown, as `unwrap` gives them (the data remembering its
 * response for `responseMetadata`). A plain function handed to `then`, not an async function
 * awaiting `unwrap`: a method call then costs no more promises and ticks than `unwrap` itself.
 */
function dataOf(result: FetchResult<unknown>): unknown {
  const error = errorOf(result);
  if (error) throw error;
  rememberResponse(result.data, result.response);
  return result.data;
}

/** What a paginated call's arguments made: its init and options, or why they are refused. */
type PageRequest =
  | { init: CallInit; options: PaginatedRequestOptions | undefined; failure?: undefined }
  | { init?: undefined; failure: unknown };

/** The method `label` (e.g. `simulations.retrieve`) of the client in `context`, for `row`. */
export function createMethod(label: string, row: MethodRow, context: MethodContext) {
  const [verb, path, kind] = row;
  const names = [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string);
  const count = names.length + (kind === "none" ? 0 : 1);
  const { client, fetchWith } = context;
  const send = (client as Record<string, Send>)[verb] as Send;
  const paginated = verb === "GET" && context.paginated(path);

  const initOf = (args: readonly unknown[], options: unknown): CallInit => {
    const init = callInit(label, kind, kind === "none" ? undefined : args[names.length], options);
    if (names.length > 0) init.params.path = pathParamsOf(names, args);
    return options === undefined
      ? init
      : applyOptions(label, init, options as PaginatedRequestOptions, fetchWith);
  };

  if (!paginated)
    return (...args: unknown[]) => {
      try {
        return send(path, initOf(args, args[count])).then(dataOf);
      } catch (error) {
        return Promise.reject(error);
      }
    };

  // One source for every call of this method: a call keeps only its request.
  const source: PaginatedSource<PageRequest, unknown, unknown> = {
    first: (request) =>
      request.init ? send(path, request.init).then(dataOf) : Promise.reject(request.failure),
    items: (request) => walk(walkItems, request),
    pages: (request) => walk(walkPages, request),
  };
  const walk = (along: Walk, request: PageRequest) => {
    if (!request.init) throw request.failure;
    return along(client, path, request.init, limitsOf(request.options));
  };
  return (...args: unknown[]) => {
    // Bad arguments reject the call when it is awaited or iterated, as a failed request would.
    let request: PageRequest;
    try {
      const options = args[count] as PaginatedRequestOptions | undefined;
      request = { init: initOf(args, options), options };
    } catch (failure) {
      request = { failure };
    }
    return paginatedCall(source, request);
  };
}

/** The walk's limits among a paginated call's options. */
function limitsOf(options: PaginatedRequestOptions | undefined): PaginateOptions {
  const limits: PaginateOptions = {};
  if (options?.maxItems !== undefined) limits.maxItems = options.maxItems;
  if (options?.concurrency !== undefined) limits.concurrency = options.concurrency;
  return limits;
}
