/**
 * Authenticators for a secret the bank sends with each delivery: a header holding a shared
 * secret, or HTTP Basic credentials (RFC 7617). Several secrets may be active at once, so one
 * can be rotated without refusing deliveries. Every comparison takes constant time.
 */
import { matchesAnySecret } from "./constant-time.js";
import { CallbackOptionsError } from "./errors.js";
import type { Authenticator } from "./options.js";

/** The active secrets as a list; refuses an empty list or an empty secret. */
export function secretList(secrets: string | readonly string[], name: string): string[] {
  const list = typeof secrets === "string" ? [secrets] : [...secrets];
  if (list.length === 0 || list.some((secret) => typeof secret !== "string" || secret === "")) {
    throw new CallbackOptionsError(`${name} must hold at least one non-empty secret`);
  }
  return list;
}

/**
 * Accepts a delivery whose `header` equals one of `secrets` (list the old and the new one while
 * rotating).
 * @example sharedSecretHeader({ header: "x-callback-secret", secrets: [process.env.CALLBACK_SECRET!] })
 */
export function sharedSecretHeader(options: {
  header: string;
  secrets: string | readonly string[];
}): Authenticator {
  const secrets = secretList(options.secrets, "secrets");
  const header = options.header;
  if (typeof header !== "string" || header === "") {
    throw new CallbackOptionsError("header must name the header that carries the secret");
  }
  return async (request) => {
    const given = request.headers.get(header);
    return given !== null && (await matchesAnySecret(given, secrets));
  };
}

/** One user name and password accepted by `basicCredentials`. */
export interface BasicCredential {
  username: string;
  password: string;
}

const decoder = new TextDecoder();

/** `user:password` from an `Authorization: Basic …` header (RFC 7617 §2), or undefined. */
function basicUserPass(authorization: string | null): string | undefined {
  const match = /^basic[ \t]+([A-Za-z0-9+/]+=*)[ \t]*$/i.exec(authorization ?? "");
  if (!match?.[1]) return undefined;
  try {
    const binary = atob(match[1]);
    return decoder.decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
  } catch {
    return undefined;
  }
}

/**
 * Accepts a delivery whose `Authorization: Basic` credentials are one of `credentials` (several
 * while rotating). User names must not contain a colon (RFC 7617 §2).
 * @example basicCredentials({ username: "bctt", password: process.env.CALLBACK_PASSWORD! })
 */
export function basicCredentials(
  credentials: BasicCredential | readonly BasicCredential[],
): Authenticator {
  const list = Array.isArray(credentials) ? credentials : [credentials as BasicCredential];
  for (const { username } of list) {
    if (typeof username !== "string" || username === "" || username.includes(":")) {
      throw new CallbackOptionsError("each username must be non-empty and without a colon");
    }
  }
  const expected = secretList(
    list.map(({ username, password }) => (password ? `${username}:${password}` : "")),
    "credentials (each with a password)",
  );
  const authenticator: Authenticator = async (request) => {
    const given = basicUserPass(request.headers.get("authorization"));
    return given !== undefined && (await matchesAnySecret(given, expected));
  };
  // RFC 9110 §11.6.1: a 401 names the scheme the client should use.
  authenticator.challenge = 'Basic realm="callbacks", charset="UTF-8"';
  return authenticator;
}
