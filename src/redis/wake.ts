/** A pause that something else can cut short: the limiter's loop sleeps, a release wakes it. */
export interface Wake {
  /** Resolves after `ms`, or as soon as `wake` is called. */
  pause(ms: number): Promise<void>;
  wake(): void;
}

export function createWake(): Wake {
  let wakeUp: (() => void) | undefined;
  return {
    pause: (ms) =>
      new Promise((resolve) => {
        const done = () => {
          clearTimeout(timer);
          wakeUp = undefined;
          resolve();
        };
        const timer = setTimeout(done, ms);
        wakeUp = done;
      }),
    wake: () => wakeUp?.(),
  };
}
