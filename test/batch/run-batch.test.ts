import { describe, expect, it, vi } from "vitest";
import { type BatchProgress, type BatchResult, runBatch } from "../../src/index.ts";

/** A task whose calls the test settles by hand, recording which are running. */
function scripted<T>() {
  const running = new Map<T, { resolve: (v: string) => void; reject: (e: unknown) => void }>();
  const signals = new Map<T, AbortSignal>();
  let peak = 0;
  const task = (item: T, { signal }: { signal: AbortSignal }) =>
    new Promise<string>((resolve, reject) => {
      signals.set(item, signal);
      running.set(item, { resolve, reject });
      peak = Math.max(peak, running.size);
      signal.addEventListener("abort", () => reject(signal.reason));
    }).finally(() => running.delete(item));
  return { task, running, signals, peak: () => peak };
}

async function collect<T, R>(iterable: AsyncIterable<BatchResult<T, R>>) {
  const out: BatchResult<T, R>[] = [];
  for await (const r of iterable) out.push(r);
  return out;
}

const flush = () => new Promise((r) => setImmediate(r));

describe("runBatch", () => {
  it("yields one result per item in input order, whatever order they settle in", async () => {
    const s = scripted<number>();
    const results = collect(runBatch([1, 2, 3, 4, 5], s.task, { concurrency: 5 }));
    await flush();
    for (const n of [5, 3, 1, 4]) s.running.get(n)?.resolve(`v${n}`);
    s.running.get(2)?.reject(new Error("boom 2"));
    const settled = await results;
    expect(settled.map((r) => r.item)).toEqual([1, 2, 3, 4, 5]);
    expect(settled.map((r) => r.index)).toEqual([0, 1, 2, 3, 4]);
    expect(settled[1]).toMatchObject({ ok: false, error: expect.any(Error) });
    expect(settled[4]).toMatchObject({ ok: true, value: "v5" });
  });

  it("never runs more than `concurrency` tasks at once and calls each task once", async () => {
    const calls: number[] = [];
    const task = async (n: number) => {
      calls.push(n);
      await new Promise((r) => setTimeout(r, (n * 7) % 5));
      if (n % 10 === 0) throw new Error(`failed ${n}`);
      return n * 2;
    };
    let active = 0;
    let peak = 0;
    const counted = async (n: number) => {
      active++;
      peak = Math.max(peak, active);
      try {
        return await task(n);
      } finally {
        active--;
      }
    };
    const items = Array.from({ length: 60 }, (_, i) => i + 1);
    const settled = await collect(runBatch(items, counted, { concurrency: 3 }));
    expect(peak).toBe(3);
    expect(calls.sort((a, b) => a - b)).toEqual(items);
    expect(settled.filter((r) => !r.ok)).toHaveLength(6);
  });

  it("reads an async iterable of unknown length lazily and reports progress without a total", async () => {
    let pulled = 0;
    async function* source() {
      for (let i = 0; i < 10; i++) {
        pulled++;
        yield i;
      }
    }
    const s = scripted<number>();
    const progress: BatchProgress[] = [];
    const results = collect(
      runBatch(source(), s.task, { concurrency: 2, onProgress: (p) => progress.push(p) }),
    );
    await flush();
    expect(pulled).toBe(2); // only as many as may run
    for (let i = 0; i < 10; i++) {
      await vi.waitFor(() => expect(s.running.has(i)).toBe(true));
      s.running.get(i)?.resolve("ok");
    }
    expect(await results).toHaveLength(10);
    expect(progress.at(-1)).toMatchObject({ done: 10, failed: 0 });
    expect(progress.at(-1)?.total).toBeUndefined();
    expect(progress.at(-1)?.etaMs).toBeUndefined();
  });

  it("reports rate and time left from its clock when the total is known", async () => {
    let t = 0;
    const progress: BatchProgress[] = [];
    const task = async (n: number) => {
      t += 500; // each item takes half a second of the fake clock
      if (n === 2) throw new Error("no");
      return n;
    };
    await collect(
      runBatch([1, 2, 3, 4], task, {
        concurrency: 1,
        now: () => t,
        onProgress: (p) => progress.push(p),
      }),
    );
    expect(progress[1]).toEqual({ done: 2, failed: 1, total: 4, ratePerSecond: 2, etaMs: 1000 });
    expect(progress[3]).toMatchObject({ done: 4, failed: 1, etaMs: 0 });
  });

  it("on abort starts nothing new, aborts running tasks and keeps what settled", async () => {
    const s = scripted<number>();
    const controller = new AbortController();
    const results = collect(
      runBatch([1, 2, 3, 4, 5, 6], s.task, { concurrency: 3, signal: controller.signal }),
    );
    await flush();
    s.running.get(1)?.resolve("one");
    await flush();
    s.running.get(3)?.resolve("three");
    await flush();
    expect([...s.running.keys()].sort()).toEqual([2, 4, 5]);
    controller.abort(new Error("stop"));
    const settled = await results;
    expect(settled.map((r) => [r.item, r.ok && r.value])).toEqual([
      [1, "one"],
      [3, "three"],
    ]);
    expect(s.signals.get(2)?.aborted).toBe(true);
    expect(s.signals.has(6)).toBe(false);
    expect(s.running.size).toBe(0);
  });

  it("leaving the loop early aborts running tasks and waits for them", async () => {
    const s = scripted<number>();
    const iterator = runBatch([1, 2, 3], s.task, { concurrency: 3 });
    const first = iterator.next();
    await flush();
    s.running.get(1)?.resolve("one");
    expect((await first).value).toMatchObject({ item: 1, value: "one" });
    await iterator.return();
    expect(s.signals.get(2)?.aborted).toBe(true);
    expect(s.running.size).toBe(0);
  });

  it("rejects a concurrency that is not a positive integer", async () => {
    await expect(collect(runBatch([1], async (n) => n, { concurrency: 0 }))).rejects.toThrow(
      RangeError,
    );
  });
});
