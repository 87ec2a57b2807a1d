/**
 * The Partners Portal session: a token from Authenticate that lapses after 30 minutes without
 * requests (every request restarts that timer) and, when the token is a JWT with `exp`, at that
 * time too. The session is renewed a margin before either, so requests do not race the expiry.
 */
import { untilAborted } from "../core/abortable.js";
import { isBearerToken } from "../core/config.js";
import { SdkError } from "../core/errors.js";
import { createLease, type LeaseStore, renewalMargin } from "../core/lease.js";
import { memoryStore } from "../core/memory-store.js";
import type { TokenSource } from "../core/transport.js";

/** What a session store holds. Timestamps are milliseconds since the epoch. */
export interface StoredSession {
  token: string;
  /** When a request last used the token: the API's inactivity timer restarts then. */
  lastUsedAt: number;
  /** The JWT's `exp`, when it has one that was still ahead when the token was issued. */
  expiresAt?: number;
  /** When to renew for `expiresAt`: less a margin that scales with the JWT's lifetime. */
  renewAt?: number;
}

/** Where the session is kept; implement it over a shared cache to share one session between processes. */
export type SessionStore = LeaseStore<StoredSession>;

export interface SessionOptions {
  /** Calls Authenticate and returns its answer: the token, or an object with `sessionToken`. */
  authenticate(signal: AbortSignal): Promise<unknown>;
  store?: SessionStore;
  now?: () => number;
}

/** The API's documented inactivity timeout, and how long before it the session is renewed. */
export const inactivityTimeoutMs = 30 * 60_000;
export const renewalMarginMs = 60_000;
/** How stale `lastUsedAt` may get before a request writes it again (well inside the margin). */
const touchIntervalMs = 10_000;

/**
 * The `exp` claim of a JWT, in milliseconds, or undefined. An `exp` already past at issue time
 * means the clocks disagree (or the token is a sample): the inactivity rule and the API's 401
 * then decide, rather than renewing on every request.
 */
export function jwtExpiry(token: string, now: number): number | undefined {
  const payload = token.split(".")[1];
  if (payload === undefined) return undefined;
  try {
    const { exp } = JSON.parse(Buffer.from(payload, "base64url").toString("utf8")) as {
      exp?: unknown;
    };
    return typeof exp === "number" && exp * 1000 > now ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

const isTime = (value: unknown) => typeof value === "number" && Number.isFinite(value);
const isOptionalTime = (value: unknown) => value === undefined || isTime(value);

/** Whether a stored value is a session this SDK wrote; anything else is discarded. */
function isStoredSession(value: unknown): value is StoredSession {
  if (typeof value !== "object" || value === null) return false;
  const { token, lastUsedAt, expiresAt, renewAt } = value as Record<string, unknown>;
  return isBearerToken(token) && isTime(lastUsedAt) && [expiresAt, renewAt].every(isOptionalTime);
}

/** The token in Authenticate's answer (a bare string or `{ sessionToken }`), if it can be sent. */
function sessionTokenOf(answer: unknown): string {
  const token =
    typeof answer === "object" && answer !== null
      ? (answer as { sessionToken?: unknown }).sessionToken
      : answer;
  if (isBearerToken(token)) return token;
  throw new SdkError(
    "Authenticate answered without a session token that can be sent (POST /v1/authentication)",
  );
}

function newSession(token: string, issuedAt: number): StoredSession {
  const expiresAt = jwtExpiry(token, issuedAt);
  if (expiresAt === undefined) return { token, lastUsedAt: issuedAt };
  const renewAt = expiresAt - renewalMargin(expiresAt - issuedAt, renewalMarginMs);
  return { token, lastUsedAt: issuedAt, expiresAt, renewAt };
}

/**
 * The session as a `TokenSource`: Authenticate on first use (shared by concurrent callers),
 * renewal before either expiry, and `lastUsedAt` touched at most once per interval.
 */
export function createSession(options: SessionOptions): TokenSource {
  const now = options.now ?? Date.now;
  const lease = createLease<StoredSession>({
    store: options.store ?? memoryStore<StoredSession>(),
    storeName: "session store",
    isValid: isStoredSession,
    isFresh: (session) => {
      const t = now();
      const idle = t < session.lastUsedAt + inactivityTimeoutMs - renewalMarginMs;
      return idle && !(t >= (session.renewAt ?? session.expiresAt ?? Number.POSITIVE_INFINITY));
    },
    acquire: async (_stale, signal) =>
      newSession(sessionTokenOf(await options.authenticate(signal)), now()),
  });

  // One touch at a time for the same session: 500 callers after a pause write once, not 500 times.
  let touching: { token: string; done: Promise<unknown> } | undefined;
  function touch(session: StoredSession): Promise<unknown> {
    if (touching?.token === session.token) return touching.done;
    // Replace only the session still stored, so one invalidated or renewed meanwhile stays gone.
    const entry = {
      token: session.token,
      done: lease.replace(session, { ...session, lastUsedAt: now() }),
    };
    touching = entry;
    entry.done
      .finally(() => {
        if (touching === entry) touching = undefined;
      })
      .catch(() => undefined);
    return entry.done;
  }

  return {
    async token(signal) {
      const session = await lease.get(signal);
      // Restart the inactivity clock only when it has moved: a shared store then sees one write
      // every few seconds, not one per request.
      if (now() - session.lastUsedAt >= touchIntervalMs) await untilAborted(touch(session), signal);
      return session.token;
    },
    current() {
      const session = lease.peek();
      // A session whose inactivity clock is due to restart goes through `token`, which writes it.
      if (session === undefined || now() - session.lastUsedAt >= touchIntervalMs) return undefined;
      return session.token;
    },
    invalidate: (token) => lease.invalidate((session) => session.token === token),
  };
}
