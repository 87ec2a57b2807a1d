import { once } from "node:events";
import { createServer } from "node:net";
import { describe, expect, it } from "vitest";
import { isPortFree } from "../../scripts/prism.ts";
import { alive, commandOf, descendants, freePorts, npmRun, waitUntil } from "./processes.ts";

const slow = { timeout: 900_000 };
const ready = "Ctrl-C stops the mocks.";
const bearer = { authorization: "Bearer any" };

/** Starts `npm run mock` on free ports and waits until the three mocks listen. */
async function startMock() {
  const ports = await freePorts(3);
  const run = npmRun("mock", [], { MOCK_PORT: String(ports[0]) });
  await waitUntil(() => run.output().includes(ready) || run.child.exitCode !== null, "the mock");
  expect(run.output()).toContain(ready);
  const pids = descendants(run.child.pid ?? 0);
  expect(pids.map(commandOf).filter((command) => command.includes("prism mock"))).toHaveLength(3);
  return { run, ports, pids, url: `http://127.0.0.1:${ports[0]}` };
}

/** Asserts that every process the run started has ended and its ports are free again. */
async function expectNothingLeft(pids: number[], ports: number[]) {
  await waitUntil(() => alive(pids).length === 0, `the end of ${alive(pids).map(commandOf)}`);
  expect(await Promise.all(ports.map(isPortFree))).toEqual([true, true, true]);
}

describe("npm run mock", () => {
  it(
    "prints each request, Prism's reasons for a refused one, and stops on SIGTERM",
    slow,
    async () => {
      const { run, ports, pids, url } = await startMock();
      expect((await fetch(`${url}/v1/taxonomy/genders`, { headers: bearer })).status).toBe(200);
      const refused = await fetch(`${url}/v1/simulations?filterStatusLastDateFrom=yesterday`, {
        headers: bearer,
      });
      expect(refused.status).toBe(422);
      await waitUntil(() => run.output().includes("date-time"), "the reason");
      expect(run.output()).toMatch(/partners-portal +GET \/v1\/taxonomy\/genders → 200\n/);
      expect(run.output()).toMatch(
        /partners-portal +GET \/v1\/simulations → 422\n +✖ request\.query\.filterstatuslastdatefrom .*must match format "date-time"/,
      );
      run.child.kill("SIGTERM");
      await expectNothingLeft(pids, ports);
    },
  );

  it("stops every Prism when npm itself is killed outright", slow, async () => {
    const { run, ports, pids } = await startMock();
    run.child.kill("SIGKILL");
    await expectNothingLeft(pids, ports);
  });

  it("stops every Prism on Ctrl-C (SIGINT to the whole process group)", slow, async () => {
    const { run, ports, pids } = await startMock();
    process.kill(-(run.child.pid ?? 0), "SIGINT");
    await expectNothingLeft(pids, ports);
  });

  it("refuses a busy port with one line and starts nothing", slow, async () => {
    const ports = await freePorts(3);
    const holder = createServer().listen(ports[1], "127.0.0.1");
    await once(holder, "listening");
    try {
      const run = npmRun("mock", [], { MOCK_PORT: String(ports[0]) });
      expect(await run.exited).toBe(1);
      expect(run.output().trim().split("\n")).toEqual([
        `mock: port ${ports[1]} (for cesce-classifications) is already in use; stop what holds it, or set MOCK_PORT to another first port (the mocks take ${ports.join(", ")})`,
      ]);
    } finally {
      holder.close();
    }
  });
});
