/**
 * `npm run mock`: Prism serving the three specs on loopback, for developing against without
 * credentials. Ports 4010, 4011 and 4012 by default (MOCK_PORT moves the first). Ctrl-C stops.
 */
import { apis, defaultMockPort } from "./apis.ts";
import { type PrismServer, specPath, startPrism } from "./prism.ts";

const firstPort = Number(process.env.MOCK_PORT ?? defaultMockPort);
const servers: PrismServer[] = [];
const stop = async () => {
  await Promise.all(servers.map((server) => server.stop()));
  process.exit(0);
};
process.once("SIGINT", stop);
process.once("SIGTERM", stop);

for (const [i, api] of apis.entries()) {
  const server = await startPrism(specPath(api), { port: firstPort + i });
  servers.push(server);
  console.log(`${api.padEnd(22)} ${server.url}`);
}
console.log(`
Point a client at them, for example:
  createPartnersPortalClient({ baseUrl: "${servers[0]?.url}", credentials })
  createCesceClient({ baseUrl: "${servers[1]?.url}", tokenUrl: "${servers[2]?.url}/token", credentials })
Prism checks every request against the spec (422 when it does not match) and serves the spec's
examples; add the header "Prefer: code=404" (or any declared status) to get an error response.
Ctrl-C stops the mocks.`);
