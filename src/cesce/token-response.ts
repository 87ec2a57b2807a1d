/**
 * The token endpoint's answer read into what the token store holds (RFC 6749 §5.1), or into a
 * typed error (§5.2, or an `ApiError` for a gateway's answer); and the check that a stored value
 * still has that shape. A token that could not be sent is never stored.
 */

import { apiErrorFrom } from "../core/api-error-from.js";
import { isBearerToken } from "../core/config.js";
import { OAuthError } from "../core/errors.js";
import { renewalMargin } from "../core/lease.js";

/** What a token store holds. Timestamps are milliseconds since the epoch. */
export interface StoredToken {
  accessToken: string;
  expiresAt: number;
  /** When to renew: `expiresAt` less a margin that scales with the lifetime. */
  renewAt: number;
  refreshToken?: string;
}

/** `expires_in` is only RECOMMENDED (RFC 6749 §5.1); without it, assume API Connect's default. */
const defaultLifetimeMs = 3_600_000;

/** Renew a tenth of the lifetime early, at most five minutes: a short token is never renewed at once. */
export function renewalMarginMs(lifetimeMs: number): number {
  return renewalMargin(lifetimeMs, 300_000);
}

type TokenBody = {
  access_token?: unknown;
  expires_in?: unknown;
  refresh_token?: unknown;
  error?: unknown;
  error_description?: unknown;
};

/** The token response's JSON object; `{}` for anything else (no body, `null`, not JSON). */
async function readBody(response: Response): Promise<TokenBody> {
  try {
    const body: unknown = await response.json();
    return typeof body === "object" && body !== null ? (body as TokenBody) : {};
  } catch {
    return {};
  }
}

/** Throws the error a non-2xx token response stands for. */
function refusal(response: Response, json: TokenBody, tokenUrl: string): Error {
  if (typeof json.error === "string") {
    const description =
      typeof json.error_description === "string" ? json.error_description : undefined;
    return new OAuthError(response.status, json.error, description);
  }
  // Not an RFC 6749 §5.2 answer (a gateway's 5xx, say): an ApiError like any other call's.
  return apiErrorFrom(response, json, { method: "POST", path: new URL(tokenUrl).pathname });
}

/**
 * The token a response grants, issued at `issuedAt`. A refresh response may omit
 * `refresh_token`; `keptRefreshToken` then stays valid (RFC 6749 §6).
 */
export async function storedTokenOf(
  response: Response,
  tokenUrl: string,
  issuedAt: number,
  keptRefreshToken?: string,
): Promise<StoredToken> {
  const json = await readBody(response);
  if (!response.ok) throw refusal(response, json, tokenUrl);
  if (!isBearerToken(json.access_token)) {
    throw new OAuthError(
      response.status,
      "invalid_response",
      "the token response has no access_token that can be sent",
    );
  }
  const seconds = Number(json.expires_in);
  const lifetimeMs = Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : defaultLifetimeMs;
  const refreshToken =
    typeof json.refresh_token === "string" ? json.refresh_token : keptRefreshToken;
  return {
    accessToken: json.access_token,
    expiresAt: issuedAt + lifetimeMs,
    renewAt: issuedAt + lifetimeMs - renewalMarginMs(lifetimeMs),
    ...(refreshToken ? { refreshToken } : {}),
  };
}

const isTime = (value: unknown) => typeof value === "number" && Number.isFinite(value);

/** Whether a stored value is a token this SDK wrote; anything else is discarded. */
export function isStoredToken(value: unknown): value is StoredToken {
  if (typeof value !== "object" || value === null) return false;
  const { accessToken, expiresAt, renewAt, refreshToken } = value as Record<string, unknown>;
  return (
    isBearerToken(accessToken) &&
    isTime(expiresAt) &&
    isTime(renewAt) &&
    (refreshToken === undefined || typeof refreshToken === "string")
  );
}
