/**
 * `createCesceClient`: an openapi-fetch client for CESCE's Classifications API whose OAuth
 * token, retries and timeouts take care of themselves.
 */
import type { Client } from "openapi-fetch";
import { requestFormats } from "../../generated/cesce-classifications.formats.js";
import type { paths } from "../../generated/cesce-classifications.js";
import { resourceTable } from "../../generated/cesce-classifications.resource-table.js";
import type { CesceResources } from "../../generated/cesce-classifications.resources.js";
import {
  defaultBaseUrl,
  idempotencyExceptions,
} from "../../generated/cesce-classifications.runtime.js";
import {
  defaultBaseUrl as oauthBaseUrl,
  idempotencyExceptions as oauthExceptions,
  operationsWithoutMethods as oauthOperations,
} from "../../generated/cesce-oauth.runtime.js";
import { createClientSkeleton } from "../core/client.js";
import { checkBaseUrl, checkCredentials } from "../core/config.js";
import type { RateLimiter, RateLimitShorthand } from "../core/rate-limit.js";
import type { TransportSettings } from "../core/transport.js";
import { clientLimiter } from "../observability/limiter-waits.js";
import {
  createObserver,
  type ObservabilitySettings,
  type QuotaReader,
} from "../observability/observer.js";
import { firstOf, type OperationFinder, operationFinder } from "../observability/operations.js";
import {
  createRequestValidation,
  type RequestValidationSettings,
} from "../request-validation/middleware.js";
import { withResources } from "../resources/resources.js";
import { createTokenProvider, type OAuthCredentials, type TokenStore } from "./oauth.js";

/** The app's and the user's credentials for CESCE's password grant. */
export type CesceCredentials = OAuthCredentials;

/** Options of `createCesceClient`; only `credentials` is required. */
export interface CesceOptions
  extends TransportSettings,
    RequestValidationSettings,
    ObservabilitySettings {
  credentials: CesceCredentials;
  /** @default the spec's sandbox gateway */
  baseUrl?: string;
  /** @default https://api.cesce.es/sandbox/oauth2/v1/token */
  tokenUrl?: string;
  /** Space-separated scopes to request. @default "create read update delete" */
  scope?: string;
  /** Lets several processes share one token. @default in memory */
  tokenStore?: TokenStore;
  /**
   * A client-side limit (CESCE documents none): the shorthand `{ requestsPerMinute }` and/or
   * `{ requestsPerHour }` for a limiter of this client's own, or any `RateLimiter`
   * (`createRateLimiter`, or the shared one of `bctt-cesce-sdk/redis`) to share a budget. Every
   * attempt takes a slot, the token request included. @default off
   */
  rateLimit?: RateLimitShorthand | RateLimiter;
}

/**
 * A CESCE Classifications client: `classifications` with a method per operation, over an
 * openapi-fetch client of the CESCE Classifications paths (`GET`, `POST`, usable with `unwrap`).
 */
export type CesceClient = Client<paths> & CesceResources & QuotaReader;

/** The token request is a POST that the OAuth spec marks repeatable (a new grant, no side effect). */
const tokenRequestIsRepeatable = oauthExceptions.some(
  (operation) => operation.method === "POST" && operation.idempotent,
);

/**
 * Creates a CESCE Classifications client. It requests a token on the first call (one request
 * for all concurrent callers), renews it before it expires (refresh token first), replays a
 * request once after a 401 with a new token, and retries repeatable requests.
 *
 * A business error arrives in CESCE's envelope, with HTTP 400 (as CESCE's error catalogue files
 * it) or inside a 2xx; the resource methods and `unwrap` throw either as `CesceEnvelopeError`,
 * whose `status` tells them apart.
 *
 * @example
 * const cesce = createCesceClient({ credentials: { clientId, clientSecret, username, password } });
 * const found = await cesce.classifications.query(contractNo, { countryCode: "ES", taxCode });
 */
export function createCesceClient(options: CesceOptions): CesceClient {
  const baseUrl = checkBaseUrl(options.baseUrl ?? defaultBaseUrl);
  const tokenUrl = checkBaseUrl(options.tokenUrl ?? `${oauthBaseUrl}/token`, "tokenUrl");
  // Sent in a form body, not in headers: any Unicode character can be sent.
  const credentials = checkCredentials(
    { ...options.credentials },
    ["clientId", "clientSecret", "username", "password"],
    false,
  );
  const observer = createObserver({
    settings: options,
    onEvent: options.onEvent,
    findOperation: findCesceOperation(baseUrl, tokenUrl),
    credentials: [credentials.clientSecret, credentials.password],
  });
  const limiter = clientLimiter(options.rateLimit, observer.report);
  const api = createClientSkeleton({
    baseUrl,
    settings: options,
    idempotencyExceptions,
    observe: observer.observe,
    ...(limiter ? { limiter } : {}),
  });
  const tokens = createTokenProvider({
    tokenUrl,
    credentials,
    scope: options.scope ?? "create read update delete",
    // The token endpoint may sit anywhere (`tokenUrl`): its spec's rule applies to any URL.
    fetch: api.transport(undefined, () => tokenRequestIsRepeatable),
    ...(options.tokenStore ? { store: options.tokenStore } : {}),
  });
  const client = api.client<paths>(tokens);
  if (options.validateRequests !== false) client.use(createRequestValidation(requestFormats));
  const withQuota = Object.assign(client, { quota: observer.quota });
  return withResources<CesceResources, typeof withQuota>(withQuota, resourceTable, (call) =>
    api.transport(tokens, undefined, call),
  );
}

/** The Classifications operations, and the token request at `tokenUrl` wherever it is. */
function findCesceOperation(baseUrl: string, tokenUrl: string): OperationFinder {
  const classifications = operationFinder(baseUrl, resourceTable);
  const token = new URL(tokenUrl);
  const tokenOperations = oauthOperations.map((operation) => ({
    ...operation,
    path: token.pathname,
  }));
  return firstOf(classifications, operationFinder(token.origin, {}, tokenOperations));
}
