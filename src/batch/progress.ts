/**
 * Progress of a batch: counts, the average rate since the start, and the time left at that
 * rate when the number of items is known.
 */

/** A snapshot of a batch's progress. */
export interface BatchProgress {
  /** Items settled so far, failed ones included. */
  done: number;
  /** Items whose task threw. */
  failed: number;
  /** Number of items, when known. */
  total?: number;
  /** Items settled per second since the batch started. */
  ratePerSecond: number;
  /** Estimated time left at the current rate, when `total` is known and something has settled. */
  etaMs?: number;
}

/** Counts settled items and turns them into `BatchProgress` snapshots. */
export function createProgressMeter(total: number | undefined, now = () => performance.now()) {
  const startedAt = now();
  let done = 0;
  let failed = 0;
  return {
    record(hasFailed: boolean): void {
      done++;
      if (hasFailed) failed++;
    },
    snapshot(): BatchProgress {
      const elapsedMs = Math.max(now() - startedAt, 1);
      const ratePerSecond = (done * 1000) / elapsedMs;
      const progress: BatchProgress = { done, failed, ratePerSecond };
      if (total !== undefined) {
        progress.total = total;
        if (done > 0) progress.etaMs = (Math.max(total - done, 0) * 1000) / ratePerSecond;
      }
      return progress;
    },
  };
}
