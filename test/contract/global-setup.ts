/**
 * Starts the Prism mocks the contract tests talk to, and stops every one of them afterwards,
 * whether the tests passed or not: one static Prism per bundled spec (it answers with the
 * spec's examples) and dynamic ones (random schema-valid answers) for each seed.
 *
 * Prism re-seeds its generator on every response, so one seeded server answers a GET with the
 * same body every time; several seeds are what make repeated calls see different data, and a
 * fixed list keeps every run reproducible.
 */
import { availableParallelism } from "node:os";
import type { TestProject } from "vitest/node";
import { type ApiName, apis } from "../../scripts/apis.ts";
import { type PrismOptions, type PrismServer, specPath, startPrism } from "../../scripts/prism.ts";

/** The seeds of the dynamic Prisms; each GET is called once per seed. */
const dynamicSeeds = [1, 2, 3] as const;

/** The token endpoint has no GET: one dynamic Prism feeds random tokens to every seed's client. */
const dynamicApisPerSeed: readonly ApiName[] = ["partners-portal", "cesce-classifications"];

declare module "vitest" {
  export interface ProvidedContext {
    /** Base URL of the static Prism (examples) serving each spec, by API name. */
    prismUrls: Record<string, string>;
    /** Base URLs of the dynamic Prisms, one set per seed of `dynamicSeeds`. */
    prismDynamicUrls: { seed: number; urls: Record<string, string> }[];
  }
}

interface Launch {
  api: ApiName;
  options: PrismOptions;
}

function launches(): Launch[] {
  const all: Launch[] = apis.map((api) => ({ api, options: {} }));
  for (const seed of dynamicSeeds) {
    for (const api of dynamicApisPerSeed) all.push({ api, options: { dynamic: true, seed } });
  }
  all.push({ api: "cesce-oauth", options: { dynamic: true, seed: dynamicSeeds[0] } });
  return all;
}

/** Starts `all`, as many at a time as there are CPUs (starting a Prism is CPU-bound). */
async function startAll(all: Launch[], started: Map<Launch, PrismServer>): Promise<void> {
  const queue = [...all];
  const worker = async () => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      try {
        started.set(next, await startPrism(specPath(next.api), next.options));
      } catch (error) {
        queue.length = 0; // start nothing more: the run is failing
        throw error;
      }
    }
  };
  const results = await Promise.allSettled(
    Array.from({ length: Math.min(availableParallelism(), all.length) }, worker),
  );
  const failure = results.find((r) => r.status === "rejected");
  if (failure) throw failure.reason;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const all = launches();
  const started = new Map<Launch, PrismServer>();
  const stopAll = async () => {
    await Promise.all([...started.values()].map((server) => server.stop()));
  };
  try {
    await startAll(all, started);
  } catch (error) {
    await stopAll();
    throw error;
  }
  const urlOf = (api: ApiName, seed?: number) => {
    const launch = all.find((l) => l.api === api && l.options.seed === seed);
    const server = launch && started.get(launch);
    if (!server) throw new Error(`no Prism for ${api} (seed ${seed})`);
    return server.url;
  };
  project.provide("prismUrls", Object.fromEntries(apis.map((api) => [api, urlOf(api)])));
  project.provide(
    "prismDynamicUrls",
    dynamicSeeds.map((seed) => ({
      seed,
      urls: {
        ...Object.fromEntries(dynamicApisPerSeed.map((api) => [api, urlOf(api, seed)])),
        "cesce-oauth": urlOf("cesce-oauth", dynamicSeeds[0]),
      },
    })),
  );
  return stopAll;
}
