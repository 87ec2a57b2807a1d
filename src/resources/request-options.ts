/**
 * The last, optional argument of every resource method: this call's signal, headers, timeout
 * and retry budget, checked before anything is sent. A timeout or retry budget of its own gives
 * the call a transport of its own (the client's, with those two settings changed), handed to
 * openapi-fetch as the call's `fetch`: nothing about it travels in the request.
 */
import { checkTransportSettings } from "../core/config.js";
import { ConfigurationError } from "../core/errors.js";
import { isHeaderValue } from "../observability/correlation.js";
import type { PaginateOptions } from "../pagination/paginate.js";

/** Per-call options of a resource method. */
export interface RequestOptions {
  /** Aborts the call, its retries and its waits; the call rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Headers for this call only, e.g. `{ "Accept-Language": "en" }`. */
  headers?: Record<string, string>;
  /**
   * This call's `correlationId` header (Partners Portal), quoted by its log lines, events and
   * errors. @default the client's `correlationId` option, else a random UUID
   */
  correlationId?: string;
  /** Per attempt, until the whole body has arrived, for this call only. @default the client's `timeoutMs` */
  timeoutMs?: number;
  /** Retries of this call when it may be repeated. @default the client's `maxRetries` */
  maxRetries?: number;
}

/** Per-call options of a paginated method: the request options and the walk's limits. */
export interface PaginatedRequestOptions extends RequestOptions, PaginateOptions {}

/** The transport settings a call may change. */
export interface CallSettings {
  timeoutMs?: number;
  maxRetries?: number;
}

/** openapi-fetch's per-call options, as the resource methods fill them. */
export interface CallInit {
  params: { path?: Record<string, unknown>; query?: unknown };
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  fetch?: (request: Request) => Promise<Response>;
}

/** The call's own timeout and retry budget, checked as the client's are; undefined when it has none. */
function settingsOf(label: string, options: RequestOptions): CallSettings | undefined {
  const { timeoutMs, maxRetries } = options;
  if (timeoutMs === undefined && maxRetries === undefined) return undefined;
  try {
    checkTransportSettings({ timeoutMs, maxRetries });
  } catch (error) {
    throw new ConfigurationError(`${label}: options.${(error as Error).message}`);
  }
  return {
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    ...(maxRetries !== undefined ? { maxRetries } : {}),
  };
}

/**
 * Adds `options` to `init`: the signal and headers as openapi-fetch takes them, and a transport
 * of the call's own when it changes the timeout or the retry budget.
 */
export function applyOptions(
  label: string,
  init: CallInit,
  options: RequestOptions | undefined,
  fetchWith: (settings: CallSettings) => (request: Request) => Promise<Response>,
): CallInit {
  if (options === undefined) return init;
  if (typeof options !== "object" || options === null)
    throw new ConfigurationError(`${label}: the options must be an object`);
  if (options.signal !== undefined) init.signal = options.signal;
  if (options.headers !== undefined) init.headers = options.headers;
  if (options.correlationId !== undefined) {
    if (typeof options.correlationId !== "string" || !isHeaderValue(options.correlationId))
      throw new ConfigurationError(
        `${label}: options.correlationId must be a non-empty header value`,
      );
    init.headers = { ...init.headers, correlationId: options.correlationId };
  }
  const settings = settingsOf(label, options);
  if (settings) init.fetch = fetchWith(settings);
  return init;
}
