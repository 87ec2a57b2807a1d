/**
 * Checks on what a user passes to a client factory, made at creation, before anything is sent:
 * a setting that cannot work fails at once with a `ConfigurationError` that names the option and
 * never quotes its value (the value may be a credential).
 */
import { ConfigurationError } from "./errors.js";

const loopbackHosts = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;
/** The largest delay `setTimeout` honours; a longer one fires after 1 ms. */
const maxTimerMs = 2 ** 31 - 1;

/** Whether a header value would hold a character RFC 9110 §5.5 forbids (HTAB aside), CR and LF included. */
export function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) return true;
  }
  return false;
}

/** Whether `value` holds a character past Latin-1, which a header cannot carry (fetch's ByteString). */
export function hasNonLatin1Character(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (value.charCodeAt(i) > 0xff) return true;
  return false;
}

/**
 * Whether `value` can be sent as a bearer token: a string that a header value can carry
 * (Latin-1, no control character, so nothing the platform would refuse with the value quoted,
 * and no line break that could split a header) holding more than whitespace. RFC 6750's token68
 * is stricter, but a server's token is its own business as long as it can be sent back.
 */
export function isBearerToken(value: unknown): value is string {
  return (
    typeof value === "string" &&
    value.trim() !== "" &&
    !hasControlCharacter(value) &&
    !hasNonLatin1Character(value)
  );
}

/**
 * Refuses a base URL that would send credentials in clear text (https only, or loopback http),
 * one with user info (fetch refuses it, and it would be a credential in a URL), and one with a
 * query or fragment (paths are appended to it).
 */
export function checkBaseUrl(baseUrl: unknown, field = "baseUrl"): string {
  let url: URL;
  try {
    url = new URL(String(baseUrl));
  } catch {
    throw new ConfigurationError(`${field} is not an absolute URL`);
  }
  const local = url.protocol === "http:" && loopbackHosts.test(url.hostname);
  if (url.protocol !== "https:" && !local) {
    throw new ConfigurationError(
      `${field} must use https (plain http is allowed only on loopback): ${url.origin}`,
    );
  }
  if (url.username !== "" || url.password !== "")
    throw new ConfigurationError(`${field} must not hold a user name or password`);
  if (url.search !== "" || url.hash !== "")
    throw new ConfigurationError(`${field} must not have a query or a fragment`);
  return String(baseUrl).replace(/\/+$/, "");
}

/**
 * Refuses empty credentials and any value with a control character (CR or LF could split an
 * HTTP header; the platform's own refusal would quote the value). `sentAsHeaders` credentials
 * must also be Latin-1, the only characters a header value can carry.
 */
export function checkCredentials<T extends Record<string, string>>(
  credentials: T,
  names: readonly (keyof T)[],
  sentAsHeaders: boolean,
): T {
  if (typeof credentials !== "object" || credentials === null)
    throw new ConfigurationError("credentials is required");
  for (const name of names) {
    const field = `credentials.${String(name)}`;
    const value = credentials[name];
    if (typeof value !== "string" || value.trim() === "")
      throw new ConfigurationError(`${field} is required`);
    if (hasControlCharacter(value))
      throw new ConfigurationError(`${field} must not contain control characters such as CR or LF`);
    if (sentAsHeaders && hasNonLatin1Character(value))
      throw new ConfigurationError(
        `${field} is sent as a header and must hold only Latin-1 characters`,
      );
  }
  return credentials;
}

/** What both factories' request settings must be. */
export function checkTransportSettings(settings: {
  fetch?: unknown;
  maxRetries?: unknown;
  timeoutMs?: unknown;
  maxResponseBytes?: unknown;
  onEvent?: unknown;
}): void {
  const { fetch, maxRetries, timeoutMs, maxResponseBytes, onEvent } = settings;
  if (fetch !== undefined && typeof fetch !== "function")
    throw new ConfigurationError("fetch must be a function");
  if (onEvent !== undefined && typeof onEvent !== "function")
    throw new ConfigurationError("onEvent must be a function");
  if (maxRetries !== undefined && !(Number.isInteger(maxRetries) && (maxRetries as number) >= 0))
    throw new ConfigurationError("maxRetries must be a whole number, 0 or more");
  if (timeoutMs !== undefined && !isPositiveUpTo(timeoutMs, maxTimerMs))
    throw new ConfigurationError(
      `timeoutMs must be a number of milliseconds above 0 and at most ${maxTimerMs}`,
    );
  if (
    maxResponseBytes !== undefined &&
    !(Number.isSafeInteger(maxResponseBytes) && (maxResponseBytes as number) > 0)
  )
    throw new ConfigurationError("maxResponseBytes must be a whole number of bytes, 1 or more");
}

/** The `language` option goes into `Accept-Language`: one header value, no control character. */
export function checkLanguage(language: unknown): void {
  if (language === undefined) return;
  if (
    typeof language !== "string" ||
    hasControlCharacter(language) ||
    language.includes("\t") ||
    hasNonLatin1Character(language)
  )
    throw new ConfigurationError(
      "language must be a string without control characters (CR, LF, NUL) or non-Latin-1 characters",
    );
}

/**
 * The shorthand rate-limit numbers must be positive and finite; a limiter object (with
 * `acquire`) is the caller's own and is not checked. TODO(lead): once src/core/rate-limit.ts
 * (redis helper) validates its options with ConfigurationError, this check can go.
 */
export function checkRateLimit(rateLimit: unknown): void {
  if (rateLimit === undefined) return;
  if (typeof rateLimit !== "object" || rateLimit === null)
    throw new ConfigurationError("rateLimit must be an object");
  if (typeof (rateLimit as { acquire?: unknown }).acquire === "function") return;
  const limits = rateLimit as { requestsPerMinute?: unknown; requestsPerHour?: unknown };
  const given = (["requestsPerMinute", "requestsPerHour"] as const).filter(
    (name) => limits[name] !== undefined,
  );
  if (given.length === 0)
    throw new ConfigurationError("rateLimit needs requestsPerMinute or requestsPerHour");
  for (const name of given) {
    if (!isPositiveUpTo(limits[name], Number.MAX_SAFE_INTEGER))
      throw new ConfigurationError(`rateLimit.${name} must be a positive, finite number`);
  }
}

/** A cache lifetime: 0 (off) or more; `Infinity` keeps entries for the process's life. */
export function checkCacheTtl(ttlMs: unknown, field: string): void {
  if (ttlMs !== undefined && !(typeof ttlMs === "number" && ttlMs >= 0))
    throw new ConfigurationError(`${field} must be a number of milliseconds, 0 or more`);
}

/** Whether `value` is a number above 0 and at most `max` (so never NaN or Infinity). */
function isPositiveUpTo(value: unknown, max: number): boolean {
  return typeof value === "number" && value > 0 && value <= max;
}
