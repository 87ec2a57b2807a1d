/**
 * The Partners Portal session: a token from Authenticate that lapses after 30 minutes without
 * requests (every request restarts that timer) and, when the token is a JWT with `exp`, at that
 * time too. The session is renewed a margin before either, so requests do not race the expiry.
 */
import { createLease, type LeaseStore, memoryStore } from "../core/lease.js";
import type { TokenSource } from "../core/transport.js";

/** What a session store holds. Timestamps are milliseconds since the epoch. */
export interface StoredSession {
  token: string;
  /** When a request last used the token: the API's inactivity timer restarts then. */
  lastUsedAt: number;
  /** The JWT's `exp`, when it has one that was still ahead when the token was issued. */
  expiresAt?: number;
}

/** Where the session is kept; implement it over a shared cache to share one session between processes. */
export type SessionStore = LeaseStore<StoredSession>;

export interface SessionOptions {
  /** Calls Authenticate and returns the session token. */
  authenticate(): Promise<string>;
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

export function createSession(options: SessionOptions): TokenSource {
  const now = options.now ?? Date.now;
  const store = options.store ?? memoryStore<StoredSession>();
  const lease = createLease<StoredSession>({
    store,
    isFresh: (session) => {
      const t = now();
      const idle = t < session.lastUsedAt + inactivityTimeoutMs - renewalMarginMs;
      return idle && (session.expiresAt === undefined || t < session.expiresAt - renewalMarginMs);
    },
    acquire: async () => {
      const token = await options.authenticate();
      const issuedAt = now();
      const expiresAt = jwtExpiry(token, issuedAt);
      return expiresAt === undefined
        ? { token, lastUsedAt: issuedAt }
        : { token, lastUsedAt: issuedAt, expiresAt };
    },
  });

  return {
    async token() {
      const session = await lease.get();
      // Restart the inactivity clock only when it has moved: a shared store then sees one write
      // every few seconds, not one per request. Touch only the session still stored, so that one
      // invalidated (or replaced) meanwhile stays gone.
      if (now() - session.lastUsedAt >= touchIntervalMs) {
        const current = await store.get();
        if (current?.token === session.token) await store.set({ ...current, lastUsedAt: now() });
      }
      return session.token;
    },
    invalidate: (token) => lease.invalidate((session) => session.token === token),
  };
}
