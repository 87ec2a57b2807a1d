import { once } from "node:events";
import { createServer } from "node:http";
import { afterEach, describe, expect, it } from "vitest";
import { apiForUrl } from "../../scripts/apis.ts";
import { type PrismServer, specPath, startPrism } from "../../scripts/prism.ts";
import { freePorts, scriptRun, waitUntil } from "./processes.ts";

const slow = { timeout: 900_000 };
const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/** A stand-in for the real host: answers every request with `body` as JSON. */
async function fakeHost(body: unknown): Promise<string> {
  const server = createServer((_, response) => {
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify(body));
  }).listen(0, "127.0.0.1");
  await once(server, "listening");
  cleanups.push(() => server.close());
  const address = server.address();
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  return `http://127.0.0.1:${address.port}`;
}

/**
 * Runs conformance without --demo, sends one request through the proxy, waits for `logged`
 * (what the request must print), then ends it as a user would, with Ctrl-C.
 */
async function checkOneRequest(upstream: string, logged: RegExp) {
  const run = scriptRun("conformance.ts", [upstream, "--api", "partners-portal"]);
  cleanups.push(
    () => run.child.exitCode === null && process.kill(-(run.child.pid ?? 0), "SIGKILL"),
  );
  await waitUntil(() => run.output().includes("Ctrl-C ends."), "the proxy");
  const proxy = /through (http:\/\/127\.0\.0\.1:\d+)/.exec(run.output())?.[1];
  const response = await fetch(`${proxy}/v1/taxonomy/genders`, {
    headers: { authorization: "Bearer any" },
  });
  expect(response.status).toBe(200);
  await waitUntil(() => logged.test(run.output()), `${logged}`);
  process.kill(-(run.child.pid ?? 0), "SIGINT");
  return { run, code: await run.exited };
}

describe("npm run conformance", () => {
  it("prints a response that breaks the spec and exits 1", slow, async () => {
    const upstream = await fakeHost([{ id: "one", description: 5 }]);
    const { run, code } = await checkOneRequest(
      upstream,
      /✖ GET \/v1\/taxonomy\/genders: .*must be integer/,
    );
    expect(run.output()).toContain("1 request(s), 1 operation(s) with violations.");
    expect(code).toBe(1);
  });

  it("exits 0 when every response matches the spec", slow, async () => {
    const upstream = await fakeHost([{ id: 1, description: "M" }]);
    const { run, code } = await checkOneRequest(upstream, /GET \/v1\/taxonomy\/genders → 200/);
    expect(run.output()).toContain("1 request(s), 0 operation(s) with violations.");
    expect(code).toBe(0);
  });

  it("exits 1 when the demo fails because the host does not answer", slow, async () => {
    const [closed] = await freePorts(1);
    const run = scriptRun("conformance.ts", [
      `http://127.0.0.1:${closed}`,
      "--api",
      "partners-portal",
      "--demo",
    ]);
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain("The demo failed (exit code 1).");
  });

  it("refuses, in one line, a URL that does not say which API it serves", slow, async () => {
    const run = scriptRun("conformance.ts", ["http://127.0.0.1:9"]);
    expect(await run.exited).toBe(2);
    expect(run.output().trim().split("\n")).toEqual([
      "conformance: cannot tell which API http://127.0.0.1:9 serves from its URL; add --api partners-portal|cesce-classifications|cesce-oauth",
    ]);
  });

  it(
    "gets the demo's token from a local mock, never CESCE's host, when the gateway is local",
    slow,
    async () => {
      const gateway: PrismServer = await startPrism(specPath("cesce-classifications"));
      cleanups.push(() => gateway.stop());
      const run = scriptRun(
        "conformance.ts",
        [gateway.url, "--api", "cesce-classifications", "--demo"],
        {
          CESCE_TOKEN_URL: "",
        },
      );
      expect(await run.exited).toBe(0);
      expect(run.output()).toMatch(
        /cesce-oauth: http:\/\/127\.0\.0\.1:\d+, a local mock \(the gateway is local\)/,
      );
      expect(run.output()).toContain("0 operation(s) with violations.");
    },
  );
});

describe("apiForUrl", () => {
  it("tells the API from Banco CTT's and CESCE's hosts, and nothing from a local one", () => {
    const cases = {
      "https://api-qua-portalparceiros.bancoctt.pt": "partners-portal",
      "https://api.cesce.es/sandbox/classifications/v1": "cesce-classifications",
      "https://api-qun.eu-central-a.apiconnect.ibmappdomain.cloud/cesceapiconnect/sandbox/classifications/v1":
        "cesce-classifications",
      "https://api.cesce.es/sandbox/oauth2/v1": "cesce-oauth",
      "http://127.0.0.1:4011": undefined,
      "https://bancoctt.pt.example.com": undefined,
    };
    for (const [url, api] of Object.entries(cases)) expect(apiForUrl(new URL(url)), url).toBe(api);
  });
});
