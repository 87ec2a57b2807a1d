/**
 * Loads a Node built-in when a Node-only helper is called (a file path, writing a file). The
 * specifier is a variable, not a literal, so bundlers for browsers and other runtimes leave the
 * import alone instead of failing to resolve `node:fs` when they bundle the root export.
 */
export function loadNodeModule<T>(specifier: "node:fs" | "node:fs/promises"): Promise<T> {
  const name: string = specifier;
  return import(/* webpackIgnore: true */ /* @vite-ignore */ name) as Promise<T>;
}
