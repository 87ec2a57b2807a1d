/**
 * Loads each of `inputs` with at most `concurrency` loads in flight and yields the results in
 * order. Only the loads in flight are held; when the consumer stops, no new load starts and
 * `stop` is called so that the ones in flight can be aborted.
 */
export async function* fetchAhead<I, T>(
  inputs: readonly I[],
  concurrency: number,
  load: (input: I) => Promise<T>,
  stop: () => void,
): AsyncGenerator<T> {
  const inFlight: Promise<T>[] = [];
  const pending = inputs[Symbol.iterator]();
  const launch = () => {
    const next = pending.next();
    if (next.done) return;
    const loading = load(next.value);
    // Awaited in order below; this only keeps a failure that is never reached from going unhandled.
    loading.catch(() => undefined);
    inFlight.push(loading);
  };
  try {
    for (let i = 0; i < concurrency; i++) launch();
    for (let loading = inFlight.shift(); loading; loading = inFlight.shift()) {
      const value = await loading;
      launch(); // keep the window full while the consumer works on this value
      yield value;
    }
  } finally {
    stop();
  }
}
