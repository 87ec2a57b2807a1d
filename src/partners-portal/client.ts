/**
 * `createPartnersPortalClient`: an openapi-fetch client for the Banco CTT Partners Portal whose
 * session, retries and timeouts take care of themselves.
 */
import type { Middleware } from "openapi-fetch";
import { requestFormats } from "../../generated/partners-portal.formats.js";
import type { paths } from "../../generated/partners-portal.js";
import { resourceTable } from "../../generated/partners-portal.resource-table.js";
import type { PartnersPortalResources } from "../../generated/partners-portal.resources.js";
import {
  defaultBaseUrl,
  idempotencyExceptions,
  operationsWithoutMethods,
  pagination,
  taxonomyPathPrefix,
} from "../../generated/partners-portal.runtime.js";
import { createClientSkeleton } from "../core/client.js";
import { checkBaseUrl, checkCacheTtl, checkCredentials, checkLanguage } from "../core/config.js";
import type { RateLimiter, RateLimitShorthand } from "../core/rate-limit.js";
import type { TransportSettings } from "../core/transport.js";
import { unwrap } from "../core/unwrap.js";
import { type CorrelationIdOption, correlationIds } from "../observability/correlation.js";
import { clientLimiter } from "../observability/limiter-waits.js";
import {
  createObserver,
  type ObservabilitySettings,
  type QuotaReader,
} from "../observability/observer.js";
import { operationFinder } from "../observability/operations.js";
import { type PaginatedClient, withPaginationTable } from "../pagination/paginate.js";
import {
  createRequestValidation,
  type RequestValidationSettings,
} from "../request-validation/middleware.js";
import { withResources } from "../resources/resources.js";
import { type AuthHeaderStyle, authHeadersFor } from "./auth-headers.js";
import { createSession, type SessionStore } from "./session.js";
import { createTaxonomyCache } from "./taxonomy-cache.js";

/** The three credential levels Authenticate checks: network (master), broker and user. */
export interface PartnersPortalCredentials {
  /** `xClientID`: with the secret, identifies the broker's master (network). */
  clientId: string;
  /** `xClientSecret`. */
  clientSecret: string;
  /** `xBrokerUID`: the broker's unique identifier (a UUID). */
  brokerUid: string;
  /** `xUsername`: the user, usually an e-mail address. */
  username: string;
}

/** Options of `createPartnersPortalClient`; only `credentials` is required. */
export interface PartnersPortalOptions
  extends TransportSettings,
    RequestValidationSettings,
    ObservabilitySettings {
  credentials: PartnersPortalCredentials;
  /** @default the spec's QA server, https://api-qua-portalparceiros.bancoctt.pt */
  baseUrl?: string;
  /** Sent as `Accept-Language` for localized descriptions, e.g. "pt-PT". */
  language?: string;
  /** How long taxonomy responses are answered from memory; 0 disables the cache. @default 3600000 (1 hour) */
  taxonomyCacheTtlMs?: number;
  /**
   * A client-side limit: the shorthand `{ requestsPerMinute: 100, requestsPerHour: 1000 }` for
   * a limiter of this client's own, or any `RateLimiter` (`createRateLimiter`, or the shared
   * one of `bctt-cesce-sdk/redis`) to share a budget. @default off
   */
  rateLimit?: RateLimitShorthand | RateLimiter;
  /** Lets several processes share one session. @default in memory */
  sessionStore?: SessionStore;
  /**
   * Which page's authentication headers to send: `"reference"` (`Authorization: Bearer`),
   * `"commons"` (`x-client-id`, `x-client-secret`, `sessionToken`: the client secret then goes
   * with every request) or `"both"`. @default "reference"
   */
  authHeaders?: AuthHeaderStyle;
  /**
   * The `correlationId` header of each call, quoted by logs, events and errors: a fixed value
   * (the API Commons header table describes the intermediary's tax ID), or a function called
   * once per call. A call's own `correlationId` header wins. @default a random UUID per call
   */
  correlationId?: CorrelationIdOption;
}

/** The paginated GET paths of the Partners Portal and their `x-pagination`. */
export type PartnersPortalPagination = typeof pagination;

/**
 * A Partners Portal client: a resource method per operation (`simulations`, `processes`,
 * `callbacks`, `taxonomy`), over an openapi-fetch client of the Partners Portal paths (`GET`,
 * `POST`, … usable with `unwrap`, `paginate` and `pages`).
 */
export type PartnersPortalClient = PaginatedClient<paths, PartnersPortalPagination> &
  PartnersPortalResources &
  QuotaReader;

const authenticationPath = "/v1/authentication";

/**
 * Creates a Partners Portal client. It authenticates on the first call (one authentication for
 * all concurrent callers), renews the session before 30 minutes of inactivity, replays a request
 * once after a 401, and retries repeatable requests.
 *
 * @example
 * const portal = createPartnersPortalClient({ credentials: { clientId, clientSecret, brokerUid, username } });
 * const process = await portal.processes.retrieve(processUniqueId);
 */
export function createPartnersPortalClient(options: PartnersPortalOptions): PartnersPortalClient {
  // Sent as headers: Latin-1 only.
  const credentials = checkCredentials(
    { ...options.credentials },
    ["clientId", "clientSecret", "brokerUid", "username"],
    true,
  );
  checkLanguage(options.language);
  checkCacheTtl(options.taxonomyCacheTtlMs, "taxonomyCacheTtlMs");
  const baseUrl = checkBaseUrl(options.baseUrl ?? defaultBaseUrl);
  const observer = createObserver({
    settings: options,
    onEvent: options.onEvent,
    findOperation: operationFinder(baseUrl, resourceTable, operationsWithoutMethods),
    correlationIds: correlationIds(options.correlationId),
    credentials: [credentials.clientSecret],
  });
  const limiter = clientLimiter(options.rateLimit, observer.report);
  const api = createClientSkeleton({
    baseUrl,
    settings: options,
    idempotencyExceptions,
    observe: observer.observe,
    ...(limiter ? { limiter } : {}),
    ...authHeadersFor({
      style: options.authHeaders,
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
    }),
  });
  const authClient = api.client<paths>();
  const session = createSession({
    ...(options.sessionStore ? { store: options.sessionStore } : {}),
    // The session checks the answer: a token, or an object holding `sessionToken`.
    authenticate: (signal) =>
      unwrap(
        authClient.POST(authenticationPath, {
          params: {
            header: {
              xClientID: credentials.clientId,
              xClientSecret: credentials.clientSecret,
              xBrokerUID: credentials.brokerUid,
              xUsername: credentials.username,
            },
          },
          signal,
        }),
      ),
  });

  const client = api.client<paths>(session);
  // Order matters: a refused request reaches nothing else; the language is part of the cache
  // key; a cache hit never reaches the transport, so it spends no rate-limit slot.
  if (options.validateRequests !== false) client.use(createRequestValidation(requestFormats));
  if (options.language) client.use(acceptLanguage(options.language));
  const ttlMs = options.taxonomyCacheTtlMs ?? 3_600_000;
  if (ttlMs > 0)
    client.use(
      createTaxonomyCache({ ttlMs, isCacheable: (path) => path.startsWith(taxonomyPathPrefix) }),
    );
  const withQuota = Object.assign(withPaginationTable(client, pagination), {
    quota: observer.quota,
  });
  return withResources<PartnersPortalResources, typeof withQuota>(
    withQuota,
    resourceTable,
    (call) => api.transport(session, undefined, call),
  );
}

function acceptLanguage(language: string): Middleware {
  return {
    onRequest({ request }) {
      if (!request.headers.has("accept-language")) request.headers.set("accept-language", language);
      return request;
    },
  };
}
