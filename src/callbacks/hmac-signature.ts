/**
 * An authenticator for a signature over the raw body: HMAC (RFC 2104) keyed by a shared secret,
 * sent in a header. Several secrets may be active at once for rotation. Web Crypto only.
 *
 * Whether and how the bank signs its deliveries is not documented (inferred): the header name,
 * the encoding and a prefix such as `sha256=` are options, to be set to what the bank agrees.
 */
import { bytesEqual } from "./constant-time.js";
import { CallbackOptionsError } from "./errors.js";
import type { Authenticator } from "./options.js";
import { secretList } from "./shared-secret.js";

/** Options of `hmacSignature`. */
export interface HmacSignatureOptions {
  /** The secrets signatures may be made with: the current one and, while rotating, the next. */
  secrets: string | readonly string[];
  /** The header holding the signature. @default "x-signature" */
  header?: string;
  /** How the signature is written. @default "hex" */
  encoding?: "hex" | "base64";
  /** Text before the signature in the header, e.g. `"sha256="`. @default "" */
  prefix?: string;
  /** @default "SHA-256" */
  hash?: "SHA-256" | "SHA-384" | "SHA-512";
}

const encoder = new TextEncoder();

function decodeSignature(text: string, encoding: "hex" | "base64"): Uint8Array | undefined {
  if (encoding === "hex") {
    if (!/^(?:[0-9a-fA-F]{2})+$/.test(text)) return undefined;
    return Uint8Array.from(text.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
  }
  try {
    // base64url is turned into base64 first; atob refuses anything else.
    const binary = atob(text.replaceAll("-", "+").replaceAll("_", "/"));
    return Uint8Array.from(binary, (char) => char.charCodeAt(0));
  } catch {
    return undefined;
  }
}

/** Signs `body` with `secret` the way `hmacSignature` checks it (for senders and tests). */
export async function signBody(
  body: Uint8Array | string,
  secret: string,
  options: Omit<HmacSignatureOptions, "secrets" | "header"> = {},
): Promise<string> {
  const key = await importKey(secret, options.hash ?? "SHA-256");
  const bytes = typeof body === "string" ? encoder.encode(body) : new Uint8Array(body);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, bytes));
  const text =
    options.encoding === "base64"
      ? btoa(String.fromCharCode(...mac))
      : Array.from(mac, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${options.prefix ?? ""}${text}`;
}

function importKey(secret: string, hash: string): Promise<CryptoKey> {
  return crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash }, false, [
    "sign",
  ]);
}

/**
 * Accepts a delivery whose header holds an HMAC of its raw body made with one of `secrets`.
 * Every secret's MAC is computed and compared in constant time, even after a match.
 * @example hmacSignature({ header: "x-signature", secrets: [current, next], prefix: "sha256=" })
 */
export function hmacSignature(options: HmacSignatureOptions): Authenticator {
  const secrets = secretList(options.secrets, "secrets");
  const { header = "x-signature", encoding = "hex", prefix = "", hash = "SHA-256" } = options;
  if (encoding !== "hex" && encoding !== "base64") {
    throw new CallbackOptionsError('encoding must be "hex" or "base64"');
  }
  const keys = Promise.all(secrets.map((secret) => importKey(secret, hash)));
  return async (request, { rawBody }) => {
    const value = request.headers.get(header)?.trim();
    if (!value?.startsWith(prefix)) return false;
    const given = decodeSignature(value.slice(prefix.length), encoding);
    if (!given) return false;
    const body = new Uint8Array(rawBody);
    let matched = false;
    for (const key of await keys) {
      const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, body));
      matched = bytesEqual(mac, given) || matched;
    }
    return matched;
  };
}
