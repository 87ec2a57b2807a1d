/**
 * The bookkeeping behind a rate limit: a sliding log of slots, each counted from the moment it
 * is taken until a full window after it is released. The API counts a request when it arrives,
 * which is some time between the two, so a slot that counts over that whole span can never let
 * any window of the API's own log hold more requests than the limit, however slow a request is.
 */

/** At most `requests` requests in any `perMs` milliseconds. */
export interface RateWindow {
  requests: number;
  perMs: number;
}

/** One taken slot: held until released, or until `deadline` if its holder never releases it. */
export interface LedgerSlot {
  readonly deadline: number;
}

export interface RateLedger {
  /** How long until one more slot fits every window, ignoring releases: 0 when it fits now. */
  waitMs(now: number): number;
  /** Records a slot taken now. */
  take(now: number): LedgerSlot;
  /** Ends a slot (once; later calls do nothing): it still counts for a window after `now`. */
  release(slot: LedgerSlot, now: number): void;
  /** The end time of every slot still counted (held ones: their deadline), for a hand-over. */
  counted(now: number): { end: number; held: boolean }[];
}

/** Inserts `value` into the ascending array `sorted`, keeping it sorted. */
function insertSorted(sorted: number[], value: number): void {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) <= value) low = middle + 1;
    else high = middle;
  }
  sorted.splice(low, 0, value);
}

/** The index of the first entry of ascending `sorted` greater than `bound`. */
function firstAbove(sorted: number[], bound: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) <= bound) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** A ledger for `windows`; a slot not released within `maxHoldMs` ends on its own then. */
export function createRateLedger(windows: readonly RateWindow[], maxHoldMs: number): RateLedger {
  const longestMs = Math.max(...windows.map((w) => w.perMs));
  const ended: number[] = [];
  const held = new Set<LedgerSlot>();

  function settle(now: number): void {
    for (const slot of held) {
      if (slot.deadline > now) continue;
      held.delete(slot);
      insertSorted(ended, slot.deadline);
    }
    const gone = firstAbove(ended, now - longestMs);
    if (gone > 0) ended.splice(0, gone);
  }

  /** The wait one window imposes: until enough of its counted slots have left it. */
  function windowWait(window: RateWindow, now: number, deadlines: number[]): number {
    const from = firstAbove(ended, now - window.perMs);
    const excess = ended.length - from + held.size - window.requests + 1;
    if (excess <= 0) return 0;
    const leaving = ended[from + excess - 1];
    if (leaving !== undefined) return leaving + window.perMs - now;
    // Held slots must be released first; a release wakes the queue sooner than this bound.
    const deadline = deadlines[excess - (ended.length - from) - 1] as number;
    return deadline + window.perMs - now;
  }

  return {
    waitMs(now) {
      settle(now);
      const deadlines = [...held].map((s) => s.deadline).sort((a, b) => a - b);
      return Math.max(0, ...windows.map((w) => windowWait(w, now, deadlines)));
    },
    take(now) {
      const slot = { deadline: now + maxHoldMs };
      held.add(slot);
      return slot;
    },
    release(slot, now) {
      if (!held.delete(slot)) return;
      insertSorted(ended, Math.min(now, slot.deadline));
    },
    counted(now) {
      settle(now);
      return [
        ...ended.map((end) => ({ end, held: false })),
        ...[...held].map((s) => ({ end: s.deadline, held: true })),
      ];
    },
  };
}
