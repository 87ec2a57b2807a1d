/**
 * Stopping a long-running script cleanly however its run ends: Ctrl-C (SIGINT), SIGTERM, SIGHUP,
 * or the death of any process it was started under (`npm run` puts npm and a shell between the
 * user and the script; when npm is killed, neither passes anything on, and the script's own
 * parent may still be alive). Without this the Prism children outlive the run and hold ports.
 */
import { readFileSync } from "node:fs";

const pollMs = 500;

function parentOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name, in parentheses, may hold spaces: fields resume after the last ")".
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return undefined;
  }
}

/** This process's ancestors up to init, from /proc (just the parent where there is none). */
function ancestry(): string {
  const chain: number[] = [];
  let pid = process.ppid;
  while (pid > 1 && chain.length < 64) {
    chain.push(pid);
    const next = parentOf(pid);
    if (next === undefined) break;
    pid = next;
  }
  return chain.join(" ");
}

/**
 * Calls `stop` once, with the reason, on SIGINT, SIGTERM, SIGHUP, or when an ancestor process
 * exits (the chain of ancestors changes when one dies and its children are re-parented).
 */
export function onShutdown(stop: (reason: string) => void): void {
  let stopped = false;
  const once = (reason: string) => {
    if (stopped) return;
    stopped = true;
    clearInterval(watch);
    stop(reason);
  };
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const)
    process.on(signal, () => once(signal));
  const started = ancestry();
  const watch = setInterval(() => {
    if (ancestry() !== started) once("parent process exited");
  }, pollMs);
  watch.unref();
}
