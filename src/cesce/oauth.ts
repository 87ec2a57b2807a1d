/**
 * An OAuth 2.0 access token that manages itself: obtained with the resource owner password
 * credentials grant (RFC 6749 §4.3), cached until a margin before `expires_in`, renewed with the
 * refresh token first when one was issued (§6), shared by concurrent callers.
 *
 * RFC 9700 §2.4 says the password grant MUST NOT be used, because the client sees the user's
 * password. CESCE's API offers no other grant, so this SDK uses it, and keeps the password in a
 * closure that no error, event or log line can reach.
 */

import { OAuthError } from "../core/errors.js";
import { createLease, type LeaseStore } from "../core/lease.js";
import { memoryStore } from "../core/memory-store.js";
import type { TokenSource } from "../core/transport.js";
import { isStoredToken, type StoredToken, storedTokenOf } from "./token-response.js";

export interface OAuthCredentials {
  /** The app's `client_id`. */
  clientId: string;
  /** The app's `client_secret`. */
  clientSecret: string;
  /** The user's `username`. */
  username: string;
  /** The user's `password`. */
  password: string;
}

/** Where the token is kept; implement it over a shared cache to share one token between processes. */
export type TokenStore = LeaseStore<StoredToken>;

export interface TokenProviderOptions {
  tokenUrl: string;
  credentials: OAuthCredentials;
  /** Space-separated scopes. */
  scope: string;
  /** Sends the token request (the SDK's transport: retries and timeouts apply). */
  fetch: (request: Request) => Promise<Response>;
  store?: TokenStore;
  now?: () => number;
}

/** The CESCE access token as a `TokenSource`: password grant, refresh first, shared renewal. */
export function createTokenProvider(options: TokenProviderOptions): TokenSource {
  const now = options.now ?? Date.now;
  const { clientId, clientSecret, username, password } = options.credentials;

  async function grant(
    fields: Record<string, string>,
    signal: AbortSignal,
    keptRefreshToken?: string,
  ): Promise<StoredToken> {
    const body = new URLSearchParams({
      ...fields,
      client_id: clientId,
      client_secret: clientSecret,
    });
    const headers = {
      "content-type": "application/x-www-form-urlencoded",
      accept: "application/json",
    };
    const response = await options.fetch(
      new Request(options.tokenUrl, { method: "POST", headers, body, signal }),
    );
    return storedTokenOf(response, options.tokenUrl, now(), keptRefreshToken);
  }

  const lease = createLease<StoredToken>({
    store: options.store ?? memoryStore<StoredToken>(),
    storeName: "token store",
    isValid: isStoredToken,
    isFresh: (token) => now() < token.renewAt,
    async acquire(stale, signal) {
      if (stale?.refreshToken) {
        try {
          return await grant(
            { grant_type: "refresh_token", refresh_token: stale.refreshToken },
            signal,
            stale.refreshToken,
          );
        } catch (error) {
          // invalid_grant: the refresh token expired or was revoked; the password grant still works.
          if (!(error instanceof OAuthError && error.error === "invalid_grant")) throw error;
        }
      }
      return grant({ grant_type: "password", username, password, scope: options.scope }, signal);
    },
  });

  return {
    token: async (signal) => (await lease.get(signal)).accessToken,
    current: () => lease.peek()?.accessToken,
    invalidate: (accessToken) => lease.invalidate((token) => token.accessToken === accessToken),
  };
}
