/**
 * The skeleton both API clients share: a checked base URL, the transport settings with their
 * defaults, the rule for which requests may be sent twice, and openapi-fetch clients over the
 * transport. Each API's factory adds only what is its own (credentials, session or token,
 * middleware).
 */
import createClient, { type Client } from "openapi-fetch";
import { checkBaseUrl, checkTransportSettings } from "./config.js";
import { pathParamsGuard, safePathSerializer, safeQuerySerializer } from "./params.js";
import type { RateLimiter } from "./rate-limit.js";
import type { RequestSummary } from "./request-summary.js";
import { createRouteMatcher, type Route } from "./routes.js";
import {
  type CallObserver,
  createTransport,
  type HeaderAttacher,
  type TokenSource,
  type TransportSettings,
  transportDefaults,
} from "./transport.js";

/** An operation whose `x-idempotent` differs from what its method implies. */
export interface IdempotencyException extends Route {
  readonly idempotent: boolean;
}

/** RFC 9110 §9.2.2: these methods are idempotent whatever the operation does. */
const idempotentMethods = new Set(["GET", "HEAD", "OPTIONS", "PUT", "DELETE"]);

export interface ClientSkeletonOptions {
  /** The user's base URL, or the spec's default; checked (https, or loopback http). */
  baseUrl: string;
  settings: TransportSettings;
  /** The spec's exceptions to "a request is repeatable when its method is idempotent". */
  idempotencyExceptions: readonly IdempotencyException[];
  /** How every request of this API carries its credentials. @default Authorization: Bearer */
  attachHeaders?: HeaderAttacher;
  /** Gives every attempt of every request of this API (Authenticate included) a slot. */
  limiter?: RateLimiter;
  /** Wraps every call (logging, quota, tracing); it then delivers `settings.onEvent`'s events. */
  observe?: CallObserver;
}

export interface ClientSkeleton {
  /** The checked base URL, without a trailing slash. */
  readonly baseUrl: string;
  /**
   * A transport to this API, attaching `tokens`' bearer token when given. `isIdempotent`
   * overrides the spec's rule, for requests to another URL (an OAuth token endpoint); `call`
   * changes the timeout or the retry budget, for one call of a resource method.
   */
  transport(
    tokens?: TokenSource,
    isIdempotent?: (request: RequestSummary) => boolean,
    call?: Pick<TransportSettings, "timeoutMs" | "maxRetries">,
  ): (request: Request) => Promise<Response>;
  /** An openapi-fetch client over the API's paths, sending through `transport(tokens)`. */
  client<Paths extends {}>(tokens?: TokenSource): Client<Paths>;
}

export function createClientSkeleton(options: ClientSkeletonOptions): ClientSkeleton {
  const baseUrl = checkBaseUrl(options.baseUrl);
  checkTransportSettings(options.settings);
  const settings = transportDefaults(options.settings);
  const exceptions = createRouteMatcher(options.idempotencyExceptions, baseUrl);
  const specIdempotent = ({ method, path }: RequestSummary) =>
    exceptions.find(method, path)?.idempotent ?? idempotentMethods.has(method);

  const { attachHeaders, limiter, observe } = options;
  const transport: ClientSkeleton["transport"] = (tokens, isIdempotent = specIdempotent, call) =>
    createTransport({
      ...settings,
      ...call,
      isIdempotent,
      ...(tokens ? { credentials: tokens } : {}),
      ...(attachHeaders ? { attachHeaders } : {}),
      ...(limiter ? { limiter } : {}),
      ...(observe ? { observe } : {}),
    });
  return {
    baseUrl,
    transport,
    client<Paths extends {}>(tokens?: TokenSource) {
      const client = createClient<Paths>({
        baseUrl,
        pathSerializer: safePathSerializer,
        querySerializer: safeQuerySerializer,
        fetch: transport(tokens),
      });
      // First, so that a refused call spends nothing (no rate-limit token, no cache lookup).
      client.use(pathParamsGuard());
      return client;
    },
  };
}
