/**
 * Checks on what a user passes to a client factory, made before anything is sent, so that bad
 * input fails at once with a clear error and never leaks into a request.
 */
import { defaultPathSerializer } from "openapi-fetch";
import { SdkError } from "./errors.js";

const loopbackHosts = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;

/** Whether a header value would hold a character RFC 9110 §5.5 forbids (HTAB aside), CR and LF included. */
export function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if ((code < 0x20 && code !== 0x09) || code === 0x7f) return true;
  }
  return false;
}

/**
 * Whether `value` can be sent as a bearer token: a non-empty string of visible ASCII, which
 * holds RFC 6750 §2.1's token68 characters. Anything else would be refused by the platform (with
 * the value quoted), trimmed into another token, or split a header.
 */
export function isBearerToken(value: unknown): value is string {
  return typeof value === "string" && /^[\x21-\x7e]+$/.test(value);
}

/** Refuses a base URL that would send credentials in clear text: https only, or loopback http. */
export function checkBaseUrl(baseUrl: string): string {
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    throw new SdkError(`baseUrl is not a URL: ${JSON.stringify(baseUrl)}`);
  }
  const local = url.protocol === "http:" && loopbackHosts.test(url.hostname);
  if (url.protocol !== "https:" && !local) {
    throw new SdkError(
      `baseUrl must use https (plain http is allowed only on loopback): ${url.origin}`,
    );
  }
  return baseUrl.replace(/\/+$/, "");
}

/**
 * Refuses empty credentials and any value with a control character (CR or LF could split an
 * HTTP header; the platform's own refusal would quote the value).
 * The error names the field, never its value.
 */
export function checkCredentials<T extends Record<string, string>>(
  credentials: T,
  names: readonly (keyof T)[],
): T {
  for (const name of names) {
    const value = credentials?.[name];
    if (typeof value !== "string" || value.trim() === "") {
      throw new SdkError(`credentials.${String(name)} is required`);
    }
    if (hasControlCharacter(value)) {
      throw new SdkError(
        `credentials.${String(name)} must not contain control characters such as CR or LF`,
      );
    }
  }
  return credentials;
}

/**
 * Serializes path parameters like openapi-fetch (percent-encoding `/`, `?`, `#`), and refuses
 * `.` and `..`: the URL parser would treat them as dot segments and send the request elsewhere
 * (`/v1/processes/../message` is `/v1/message`). Encoding cannot help: `%2e%2e` counts too.
 */
export function safePathSerializer(pathname: string, pathParams: Record<string, unknown>): string {
  for (const [name, value] of Object.entries(pathParams ?? {})) {
    if (typeof value === "string" && /\p{Cs}/u.test(value)) {
      throw new SdkError(
        `Path parameter ${name} holds a lone surrogate, which has no URL encoding`,
      );
    }
    if (value === "." || value === "..") {
      throw new SdkError(
        `Path parameter ${name} must not be "${value}": it would change the request's path`,
      );
    }
  }
  return defaultPathSerializer(pathname, pathParams);
}
