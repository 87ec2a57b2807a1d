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
  readonly id: string;
  readonly deadline: number;
}

/** A slot still counted: `end` is when it was released, or its deadline while `held`. */
export interface CountedSlot {
  id: string;
  end: number;
  held: boolean;
}

export interface RateLedger {
  /**
   * How long until one more slot fits every window (the ledger's own, or `windows` of the same
   * durations, e.g. a share of them), ignoring releases to come: 0 when it fits now.
   */
  waitMs(now: number, windows?: readonly RateWindow[]): number;
  /** Records a slot taken now. */
  take(now: number, id?: string): LedgerSlot;
  /** Ends a slot (once; later calls do nothing): it still counts for a window after `now`. */
  release(slot: LedgerSlot, now: number): void;
  /** Every slot still counted, for a hand-over to another ledger. */
  counted(now: number): CountedSlot[];
}

type Ended = { id: string; end: number };

/** The index of the first entry of `ended` (ascending by `end`) that ends after `bound`. */
function firstAfter(ended: Ended[], bound: number): number {
  let low = 0;
  let high = ended.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((ended[middle] as Ended).end <= bound) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** Inserts `entry` into `ended`, keeping it ascending by `end`. */
const insertEnded = (ended: Ended[], entry: Ended) =>
  ended.splice(firstAfter(ended, entry.end), 0, entry);

/** A ledger for `windows`; a slot not released within `maxHoldMs` ends on its own then. */
export function createRateLedger(windows: readonly RateWindow[], maxHoldMs: number): RateLedger {
  const longestMs = Math.max(...windows.map((w) => w.perMs));
  const ended: Ended[] = [];
  const held = new Set<LedgerSlot>();
  let taken = 0;

  function settle(now: number): void {
    for (const slot of held) {
      if (slot.deadline > now) continue;
      held.delete(slot);
      insertEnded(ended, { id: slot.id, end: slot.deadline });
    }
    const gone = firstAfter(ended, now - longestMs);
    if (gone > 0) ended.splice(0, gone);
  }

  /** The wait one window imposes: until enough of its counted slots have left it. */
  function windowWait(window: RateWindow, now: number, deadlines: number[]): number {
    const from = firstAfter(ended, now - window.perMs);
    const excess = ended.length - from + held.size - window.requests + 1;
    if (excess <= 0) return 0;
    const leaving = ended[from + excess - 1];
    if (leaving !== undefined) return leaving.end + window.perMs - now;
    // Held slots must be released first; a release wakes the queue sooner than this bound.
    const deadline = deadlines[excess - (ended.length - from) - 1] as number;
    return deadline + window.perMs - now;
  }

  return {
    waitMs(now, among = windows) {
      settle(now);
      const deadlines = [...held].map((s) => s.deadline).sort((a, b) => a - b);
      return Math.max(0, ...among.map((w) => windowWait(w, now, deadlines)));
    },
    take(now, id = String(++taken)) {
      const slot = { id, deadline: now + maxHoldMs };
      held.add(slot);
      return slot;
    },
    release(slot, now) {
      if (!held.delete(slot)) return;
      insertEnded(ended, { id: slot.id, end: Math.min(now, slot.deadline) });
    },
    counted(now) {
      settle(now);
      return [
        ...ended.map(({ id, end }) => ({ id, end, held: false })),
        ...[...held].map(({ id, deadline }) => ({ id, end: deadline, held: true })),
      ];
    },
  };
}
