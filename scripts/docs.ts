/** `npm run docs`: renders a self-contained HTML reference of each spec into docs/ with Redocly. */
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { apis } from "./apis.ts";

const root = join(import.meta.dirname, "..");
for (const api of apis) {
  const output = join("docs", `${api}.html`);
  execFileSync(join(root, "node_modules/.bin/redocly"), ["build-docs", api, "--output", output], {
    cwd: root,
    env: { ...process.env, REDOCLY_TELEMETRY: "off" },
    stdio: "pipe",
  });
  console.log(`${api.padEnd(22)} ${output}`);
}
