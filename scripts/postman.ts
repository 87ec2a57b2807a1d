/**
 * `npm run postman`: Postman collections and environments from the bundled specs in generated/,
 * written to postman/ (converted by openapi-to-postmanv2, then made ours by scripts/postman/):
 *   partners-portal.postman_collection.json   every Partners Portal operation, session automatic
 *   cesce.postman_collection.json             CESCE Token and Classifications, OAuth automatic
 *   mock.postman_environment.json             `npm run mock`'s default ports
 *   qa.postman_environment.json               the QA hosts, credentials to fill in
 *
 * `npm run postman -- --check` writes nothing and exits 1 when postman/ is stale.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { cesceCollection } from "./postman/cesce.ts";
import type { Json } from "./postman/convert.ts";
import { environments } from "./postman/environments.ts";
import { portalCollection } from "./postman/portal.ts";
import { specPath } from "./prism.ts";

const outDir = join(import.meta.dirname, "..", "postman");
const load = (api: string) => JSON.parse(readFileSync(specPath(api), "utf8")) as Json;

async function render(): Promise<Record<string, Json>> {
  const portal = load("partners-portal");
  const classifications = load("cesce-classifications");
  const oauth = load("cesce-oauth");
  const { mock, qa } = environments({
    portalBaseUrl: portal.servers[0].url,
    cesceBaseUrl: classifications.servers[0].url,
    cesceTokenUrl: `${oauth.servers[0].url}/token`,
  });
  return {
    "partners-portal.postman_collection.json": await portalCollection(portal),
    "cesce.postman_collection.json": await cesceCollection(classifications, oauth),
    "mock.postman_environment.json": mock,
    "qa.postman_environment.json": qa,
  };
}

async function main(): Promise<void> {
  const check = process.argv.includes("--check");
  const stale: string[] = [];
  mkdirSync(outDir, { recursive: true });
  for (const [name, json] of Object.entries(await render())) {
    const file = join(outDir, name);
    const content = `${JSON.stringify(json, null, 2)}\n`;
    if (existsSync(file) && readFileSync(file, "utf8") === content) continue;
    if (check) stale.push(name);
    else writeFileSync(file, content);
  }
  if (stale.length > 0) {
    console.error(`postman/ is stale (${stale.join(", ")}): run \`npm run postman\` and commit.`);
    process.exit(1);
  }
  console.log(check ? "postman/ is up to date." : "postman/ written.");
}

await main();
