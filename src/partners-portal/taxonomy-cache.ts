/**
 * Answers taxonomy GETs from memory. The Partners Portal's guide advises caching reference
 * data, which changes rarely; entries are keyed by URL and `Accept-Language` (descriptions are
 * localized) and expire after `ttlMs`. A hit never reaches the network or the rate limiter.
 */
import type { Middleware } from "openapi-fetch";
import { HeldResponse } from "../core/held-response.js";

interface Entry {
  expiresAt: number;
  body: ArrayBuffer;
  init: ResponseInit;
}

export interface TaxonomyCacheOptions {
  ttlMs: number;
  /** Whether a spec path (as in the spec, e.g. "/v1/taxonomy/genders") is cacheable. */
  isCacheable(schemaPath: string): boolean;
  /** Most entries kept; the oldest is dropped first. @default 500 */
  maxEntries?: number;
  now?: () => number;
}

/**
 * The answer to a hit: a whole Response over the cached bytes, with no stream unless one is
 * asked for (reading one back would cost more than the rest of the hit).
 */
function hitResponse(entry: Entry, url: string): Response {
  const head = {
    status: entry.init.status ?? 200,
    statusText: entry.init.statusText ?? "",
    headers: new Headers(entry.init.headers),
    url,
    redirected: false,
    type: "default" as const,
  };
  // Shared: the cache keeps the bytes, so a reader gets a copy.
  return new HeldResponse(new Uint8Array(entry.body), head, true);
}

const utf8 = new TextDecoder();

function parses(body: ArrayBuffer): boolean {
  try {
    JSON.parse(utf8.decode(body));
    return true;
  } catch {
    return false;
  }
}

const keyOf = (request: Request) =>
  `${request.headers.get("accept-language") ?? ""} ${request.url}`;

export function createTaxonomyCache(options: TaxonomyCacheOptions): Middleware {
  const now = options.now ?? Date.now;
  const maxEntries = options.maxEntries ?? 500;
  const entries = new Map<string, Entry>();
  const applies = (request: Request, schemaPath: string) =>
    request.method === "GET" && options.isCacheable(schemaPath);

  return {
    onRequest({ request, schemaPath }) {
      if (!applies(request, schemaPath)) return undefined;
      const key = keyOf(request);
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      if (entry.expiresAt > now()) return hitResponse(entry, request.url);
      entries.delete(key);
      return undefined;
    },
    async onResponse({ request, response, schemaPath }) {
      if (!response.ok || !applies(request, schemaPath)) return undefined;
      const body = await response.clone().arrayBuffer();
      // Only a body that parsed is kept: a malformed one must fail every call the same way (the
      // transport's typed error), never come back from here as a bare SyntaxError.
      if (!parses(body)) return undefined;
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value as string);
      const { status, statusText, headers } = response;
      entries.set(keyOf(request), {
        expiresAt: now() + options.ttlMs,
        body,
        init: { status, statusText, headers: [...headers] },
      });
      return undefined;
    },
  };
}
