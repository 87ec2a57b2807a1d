import type { TestProject } from "vitest/node";
import { apis } from "../../scripts/apis.ts";
import { type PrismServer, specPath, startPrism } from "../../scripts/prism.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** Base URL of the Prism mock serving each spec, by API name. */
    prismUrls: Record<string, string>;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const servers: PrismServer[] = [];
  const stopAll = () => Promise.all(servers.map((server) => server.stop())).then(() => undefined);
  try {
    const urls: Record<string, string> = {};
    for (const api of apis) {
      const server = await startPrism(specPath(api));
      servers.push(server);
      urls[api] = server.url;
    }
    project.provide("prismUrls", urls);
  } catch (error) {
    await stopAll();
    throw error;
  }
  return stopAll;
}
