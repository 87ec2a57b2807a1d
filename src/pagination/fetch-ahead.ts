/**
 * Loads `count` things with at most `concurrency` loads in flight and yields them in order.
 * Only the loads in flight are held; when the consumer stops, no new load starts and `stop`
 * is called so that the ones in flight can be aborted.
 */
export async function* fetchAhead<T>(
  count: number,
  concurrency: number,
  load: (index: number) => Promise<T>,
  stop: () => void,
): AsyncGenerator<T> {
  const inFlight: Promise<T>[] = [];
  let next = 0;
  const launch = () => {
    if (next >= count) return;
    const loading = load(next++);
    // Awaited in order below; this only keeps a failure that is never reached from going unhandled.
    loading.catch(() => undefined);
    inFlight.push(loading);
  };
  try {
    while (inFlight.length < concurrency && next < count) launch();
    for (let loading = inFlight.shift(); loading; loading = inFlight.shift()) {
      const value = await loading;
      launch(); // keep the window full while the consumer works on this value
      yield value;
    }
  } finally {
    stop();
  }
}
