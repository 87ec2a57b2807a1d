/**
 * Figure 3: how long importing the package takes, against importing openapi-fetch alone. Each
 * import runs in a fresh Node.js process (nothing cached in memory), timed inside it around the
 * `import()` alone (the process's own start-up is not counted); the two alternate, 20 each, and
 * the figure is each one's median. The SDK is its built entry point, which imports openapi-fetch.
 */
import { execFile } from "node:child_process";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { type Figure, fixed, type Log, median, ratio } from "./figure.ts";
import { sdkEntry } from "./sdk.ts";

const run = promisify(execFile);
const root = new URL("..", import.meta.url).pathname;
const samples = 20;
const goal = 2;

async function importMs(specifier: string): Promise<number> {
  const script = [
    "const started = performance.now();",
    `await import(${JSON.stringify(specifier)});`,
    "process.stdout.write(String(performance.now() - started));",
  ].join("\n");
  const { stdout } = await run(process.execPath, ["--input-type=module", "-e", script], {
    cwd: root,
  });
  return Number(stdout);
}

export async function measureImportTime(log: Log): Promise<Figure> {
  const arms = { "openapi-fetch": "openapi-fetch", sdk: pathToFileURL(sdkEntry).href };
  const times: Record<keyof typeof arms, number[]> = { "openapi-fetch": [], sdk: [] };
  for (let i = 0; i < samples; i++) {
    type Arm = keyof typeof arms;
    const order: Arm[] = i % 2 === 0 ? ["openapi-fetch", "sdk"] : ["sdk", "openapi-fetch"];
    for (const arm of order) times[arm].push(await importMs(arms[arm]));
  }
  const bare = median(times["openapi-fetch"]);
  const ours = median(times.sdk);
  const vs = ours / bare;
  log(`  import: SDK ${fixed(ours)} ms, openapi-fetch ${fixed(bare)} ms (${ratio(vs)})`);
  const range = (values: number[]) => `${fixed(Math.min(...values))}–${fixed(Math.max(...values))}`;
  const details = [
    `\`await import(…)\` timed with \`performance.now()\` inside a fresh \`node\` process, ${samples}`,
    "processes per arm, alternating.",
    "",
    "| import | median ms | range ms |",
    "| --- | ---: | ---: |",
    `| openapi-fetch | ${fixed(bare, 2)} | ${range(times["openapi-fetch"])} |`,
    `| the SDK (\`dist/src/index.js\`, one bundled file, a chunk and openapi-fetch) | ${fixed(ours, 2)} | ${range(times.sdk)} |`,
    "",
    `SDK / openapi-fetch = **${ratio(vs)}** (goal ≤ ${ratio(goal)}).`,
  ].join("\n");
  return {
    title: "3. Import time",
    measured: `${fixed(ours, 1)} ms (${ratio(vs)} openapi-fetch's ${fixed(bare, 1)} ms)`,
    goal: `≤ ${ratio(goal)} openapi-fetch`,
    met: vs <= goal,
    details,
  };
}
