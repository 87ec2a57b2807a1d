/**
 * `npm run mock`: Prism serving the three specs on loopback, for developing against without
 * credentials. Ports 4010, 4011 and 4012 by default; MOCK_PORT moves the first. Prints each
 * request with the status Prism answered and, when Prism refused it, Prism's reasons. Ctrl-C,
 * SIGTERM or the end of the process that started it stops every Prism.
 */
import { apis, defaultMockPort } from "./apis.ts";
import { isPortFree, type PrismServer, specPath, startPrism } from "./prism.ts";
import { parsePrismLine } from "./prism-log.ts";
import { onShutdown } from "./shutdown.ts";

function fail(line: string): never {
  console.error(`mock: ${line}`);
  process.exit(1);
}

const firstPort = Number(process.env.MOCK_PORT ?? defaultMockPort);
if (!Number.isInteger(firstPort) || firstPort < 1 || firstPort > 65533)
  fail(`MOCK_PORT must be a port number from 1 to 65533, not "${process.env.MOCK_PORT}"`);
const ports = apis.map((_, i) => firstPort + i);
for (const [i, port] of ports.entries()) {
  if (!(await isPortFree(port)))
    fail(
      `port ${port} (for ${apis[i]}) is already in use; stop what holds it, or set MOCK_PORT to another first port (the mocks take ${ports.join(", ")})`,
    );
}

/** One line per request, `api  METHOD /path → status`, then Prism's reasons, if any. */
function requestLog(api: string): (line: string) => void {
  let pending: string | undefined;
  return (line) => {
    const event = parsePrismLine(line);
    if (event?.kind === "request") {
      if (pending) console.log(pending);
      pending = `${api.padEnd(22)} ${event.method} ${event.path}`;
    } else if (event?.kind === "response" || event?.kind === "failure") {
      const outcome = event.kind === "response" ? event.status : `Prism failed: ${event.message}`;
      console.log(`${pending ?? api.padEnd(22)} → ${outcome}`);
      pending = undefined;
    } else if (event?.kind === "violation") {
      console.log(`${" ".repeat(23)}✖ ${event.message}`);
    }
  };
}

const servers: PrismServer[] = [];
onShutdown(async () => {
  await Promise.all(servers.map((server) => server.stop()));
  process.exit(0);
});

for (const [i, api] of apis.entries()) {
  const server = await startPrism(specPath(api), { port: ports[i], onLog: requestLog(api) });
  servers.push(server);
  console.log(`${api.padEnd(22)} ${server.url}`);
}
console.log(`
Point a client at them, for example:
  createPartnersPortalClient({ baseUrl: "${servers[0]?.url}", credentials })
  createCesceClient({ baseUrl: "${servers[1]?.url}", tokenUrl: "${servers[2]?.url}/token", credentials })
Prism checks every request against the spec (422 when it does not match) and serves the spec's
examples; add the header "Prefer: code=404" (or any declared status) to get an error response.
Each request is printed below, with Prism's reasons when it refused one. Ctrl-C stops the mocks.
`);
