/** `npm run docs`: renders a self-contained HTML reference of each spec into docs/ with Redocly. */
import { join } from "node:path";
import { apis } from "./apis.ts";
import { redocly } from "./redocly.ts";

for (const api of apis) {
  const output = join("docs", `${api}.html`);
  redocly(["build-docs", api, "--output", output]);
  console.log(`${api.padEnd(22)} ${output}`);
}
