/**
 * Whether Redis is usable, from one part's point of view (a session store, a token store, a
 * rate limiter). When a command fails the part works on its own, says so once with an event,
 * and probes Redis in the background; when Redis answers again, it goes back to shared state.
 */
import type { SdkEvent } from "../core/transport.js";
import { failureName, type RedisConnection, RedisUnavailableError } from "./connection.js";

/** Which part of the SDK an event is about. */
export type SharedPart = "session" | "token" | "rate-limit";

export interface HealthOptions {
  connection: RedisConnection;
  part: SharedPart;
  key: string;
  /** How often to try Redis again while it is down. */
  probeIntervalMs: number;
  onEvent?: ((event: SdkEvent) => void) | undefined;
  /** Runs once Redis is back, before shared state is used again (a hand-over of local state). */
  onRestore?: () => Promise<void>;
}

export interface Health {
  /** Whether shared state is in use. */
  readonly available: boolean;
  /**
   * Runs `shared`; when Redis is known to be down, or `shared` fails with
   * `RedisUnavailableError`, runs `alone` instead. Any other failure is `shared`'s own.
   */
  run<T>(shared: () => Promise<T>, alone: () => T | Promise<T>): Promise<T>;
  /** Marks Redis as down after a failure seen outside `run`. */
  lost(error: unknown): void;
}

export function createHealth(options: HealthOptions): Health {
  const { connection, part, key } = options;
  let available = true;
  let probe: ReturnType<typeof setTimeout> | undefined;

  const emit = (event: SdkEvent) => {
    try {
      options.onEvent?.(event);
    } catch {
      // A failing listener must not break the fallback.
    }
  };

  function schedule(): void {
    probe = setTimeout(async () => {
      try {
        await connection.command(["PING"]);
        await options.onRestore?.();
      } catch {
        schedule();
        return;
      }
      probe = undefined;
      available = true;
      emit({ type: "shared-state", part, key, available: true });
    }, options.probeIntervalMs);
    // A probe alone must not keep the process alive.
    probe.unref?.();
  }

  function lost(error: unknown): void {
    if (!available) return;
    available = false;
    const reason = error instanceof RedisUnavailableError ? error.message : failureName(error);
    emit({ type: "shared-state", part, key, available: false, reason });
    if (probe === undefined) schedule();
  }

  return {
    get available() {
      return available;
    },
    async run(shared, alone) {
      if (!available) return alone();
      try {
        return await shared();
      } catch (error) {
        if (!(error instanceof RedisUnavailableError)) throw error;
        lost(error);
        return alone();
      }
    },
    lost,
  };
}
