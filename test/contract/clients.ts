/**
 * The SDK's clients pointed at Prism, with fixed test credentials (Prism checks that a
 * credential is present, not its value; `xBrokerUID` must still be a UUID), and `send`, which
 * calls any operation of a generated row through `client.request`.
 */

import { type CesceOptions, createCesceClient } from "../../src/cesce/client.ts";
import type { FetchResult } from "../../src/core/unwrap.ts";
import {
  createPartnersPortalClient,
  type PartnersPortalOptions,
} from "../../src/partners-portal/client.ts";
import type { BuiltRequest } from "./requests.ts";
import type { OperationRow } from "./specs.ts";

export const portalCredentials = {
  clientId: "contract-network-client",
  clientSecret: "contract-network-secret",
  brokerUid: "0b8f4a52-2f6e-4c1d-9a3b-5e7c9d1f2a4b",
  username: "contract-user@example.com",
};

export const cesceCredentials = {
  clientId: "0c7e3f1a-5b2d-4e8f-9a6c-1d2b3c4d5e6f",
  clientSecret: "contract-app-secret",
  username: "contract-insured-user",
  password: "contract-user-password",
};

type Urls = Record<string, string>;
type Extra<T> = Omit<Partial<T>, "credentials" | "baseUrl">;

/** A Partners Portal client on the Prism of `urls`; the taxonomy cache is off, so every call is sent. */
export function portalClientOn(urls: Urls, options: Extra<PartnersPortalOptions> = {}) {
  return createPartnersPortalClient({
    credentials: portalCredentials,
    baseUrl: urls["partners-portal"] as string,
    taxonomyCacheTtlMs: 0,
    ...options,
  });
}

/** A CESCE client on the Prisms of `urls`, its token from the `cesce-oauth` one. */
export function cesceClientOn(urls: Urls, options: Extra<CesceOptions> = {}) {
  return createCesceClient({
    credentials: cesceCredentials,
    baseUrl: urls["cesce-classifications"] as string,
    tokenUrl: `${urls["cesce-oauth"]}/token`,
    ...options,
  });
}

type AnyRequest = (method: string, path: string, init: unknown) => Promise<FetchResult<unknown>>;

/**
 * Calls `row`'s operation with `request` through `client.request`: the typed client's own
 * path, but for any path and method of the metadata.
 */
export function send(
  client: { request: unknown },
  row: OperationRow,
  request: BuiltRequest,
  headers: Record<string, string> = {},
): Promise<FetchResult<unknown>> {
  const call = client.request as AnyRequest;
  return call(row.method.toLowerCase(), row.path, { ...request, headers });
}

/** A `fetch` that adds `Prefer: <prefer>` to the requests for `path` only, e.g. the SDK's own token request. */
export function steeredFetch(path: string, prefer: string): typeof fetch {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    if (new URL(request.url).pathname !== path) return globalThis.fetch(request);
    const headers = new Headers(request.headers);
    headers.set("prefer", prefer);
    return globalThis.fetch(new Request(request, { headers }));
  }) as typeof fetch;
}

/** The URL path `request` is sent to: `row.path` with its path parameters filled in. */
export function pathOf(row: OperationRow, request: BuiltRequest): string {
  return row.path.replace(/\{([^}]+)\}/g, (_, name: string) =>
    encodeURIComponent(String(request.params.path[name])),
  );
}
