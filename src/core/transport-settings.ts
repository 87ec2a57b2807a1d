/**
 * What a transport is configured with: the settings both clients take (with their defaults) and
 * the source of the token it attaches.
 */
import { senderFor } from "./send.js";
import type { SdkEvent } from "./transport.js";

/** A session or token that the transport attaches as `Authorization: Bearer`. */
export interface TokenSource {
  /**
   * The current token, authenticating first when there is none or it is about to lapse.
   * Rejects with `signal.reason` as soon as `signal` aborts; with it already aborted, sends nothing.
   */
  token(signal?: AbortSignal): Promise<string>;
  /**
   * The token at once, when one is at hand that `token()` would return without waiting for
   * anything (a fresh value in a synchronous store, nothing to write); otherwise undefined, and
   * the transport awaits `token()`. Saves every request on a warm client two turns of the loop.
   */
  current?(): string | undefined;
  /** Forgets `token` after the API refused it, so the next `token()` authenticates again. */
  invalidate(token: string): Promise<void>;
}

/** The request settings both clients take. */
export interface TransportSettings {
  /**
   * Sends every request instead of the default: node:http and node:https (their keep-alive
   * global agents) on Node.js, `globalThis.fetch` elsewhere. Called once per attempt as
   * `fetch(request, { headers, signal, redirect: "manual" })`.
   */
  fetch?: typeof fetch;
  /** Retries of a repeatable request after network errors, 408, 429 and 5xx. @default 2 */
  maxRetries?: number;
  /** Per attempt, until the whole body has arrived. @default 30000 */
  timeoutMs?: number;
  /**
   * The largest response body accepted, counted after decompression; a larger one ends the call
   * in `ResponseTooLargeError` as soon as the limit is passed. @default 52428800 (50 MiB)
   */
  maxResponseBytes?: number;
  /** Observes responses, retries and re-authentications; events carry no secret. */
  onEvent?: (event: SdkEvent) => void;
}

/** 50 MiB: a document or an ESIS PDF arrives base64-encoded in JSON, a third larger than the file. */
export const defaultMaxResponseBytes = 52_428_800;

/** The settings with their defaults applied. */
export function transportDefaults(settings: TransportSettings) {
  return {
    send: senderFor(settings.fetch),
    maxRetries: settings.maxRetries ?? 2,
    timeoutMs: settings.timeoutMs ?? 30_000,
    maxResponseBytes: settings.maxResponseBytes ?? defaultMaxResponseBytes,
    ...(settings.onEvent ? { onEvent: settings.onEvent } : {}),
  };
}
