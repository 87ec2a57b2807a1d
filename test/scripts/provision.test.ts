import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type ProvisionHost, provision } from "../../scripts/provision/run.ts";
import { findTool, type SystemTool, systemTools } from "../../scripts/provision/tools.ts";

const root = join(import.meta.dirname, "../..");
const fake: SystemTool = {
  command: "fake-tool-for-provision-test",
  debianPackage: "fake-package",
  override: "FAKE_TOOL_PATH",
  neededBy: "this test",
};

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function emptyBin(): string {
  const dir = mkdtempSync(join(tmpdir(), "provision-"));
  dirs.push(dir);
  return dir;
}

/** A host whose apt-get "installs" a package by dropping an executable into `bin`. */
function fakeHost(bin: string, canUseApt: boolean, env: NodeJS.ProcessEnv = {}) {
  const calls: string[] = [];
  const lines: string[] = [];
  const host: ProvisionHost = {
    env: { PATH: bin, ...env },
    canUseApt,
    log: (line) => lines.push(line),
    run(command, args) {
      calls.push([command, ...args].join(" "));
      if (args[0] === "install") {
        const file = join(bin, fake.command);
        writeFileSync(file, "#!/bin/sh\n");
        chmodSync(file, 0o755);
      }
      return 0;
    },
  };
  return { host, calls, lines };
}

function runScript(env: NodeJS.ProcessEnv) {
  const tsx = join(root, "node_modules/tsx/dist/cli.mjs");
  return spawnSync(process.execPath, [tsx, join(root, "scripts/provision/run.ts")], {
    cwd: root,
    env,
    encoding: "utf8",
  });
}

describe("provision", () => {
  it("installs a missing tool with one apt-get update and one install when root on Debian", () => {
    const { host, calls, lines } = fakeHost(emptyBin(), true);
    expect(provision([fake, fake], host)).toBe(0);
    expect(calls).toEqual(["apt-get update -qq", "apt-get install -y -qq fake-package"]);
    expect(lines.at(-1)).toMatch(/fake-tool-for-provision-test .*fake-tool-for-provision-test$/);
  });

  it("runs nothing when every tool is present", () => {
    const bin = emptyBin();
    writeFileSync(join(bin, fake.command), "");
    chmodSync(join(bin, fake.command), 0o755);
    const { host, calls } = fakeHost(bin, true);
    expect(provision([fake], host)).toBe(0);
    expect(calls).toEqual([]);
  });

  it("exits 1 with one line saying how to install when it cannot use apt-get", () => {
    const { host, calls, lines } = fakeHost(emptyBin(), false);
    expect(provision([fake], host)).toBe(1);
    expect(calls).toEqual([]);
    expect(lines).toEqual([
      expect.stringContaining("`sudo apt-get install -y fake-package`") as string,
    ]);
  });

  it("does not install a package for an override that names a missing executable", () => {
    const { host, calls, lines } = fakeHost(emptyBin(), true, { FAKE_TOOL_PATH: "/no/such" });
    expect(provision([fake], host)).toBe(1);
    expect(calls).toEqual([]);
    expect(lines).toEqual([expect.stringContaining("FAKE_TOOL_PATH=/no/such") as string]);
  });

  it("finds a tool through its override variable", () => {
    const chromium = systemTools.find((tool) => tool.command === "chromium");
    if (!chromium) throw new Error("chromium is not provisioned");
    expect(findTool(chromium, { PATH: "", CHROMIUM_PATH: process.execPath })).toBe(
      process.execPath,
    );
  });

  it("as a script, exits 1 with one line when a tool is missing and apt-get is not on PATH", () => {
    const result = runScript({ PATH: emptyBin() });
    expect(result.status).toBe(1);
    const lines = result.stdout.trim().split("\n");
    expect(lines).toHaveLength(systemTools.length);
    expect(lines[0]).toMatch(/^provision: chromium is missing .*sudo apt-get install -y chromium/);
  });

  it("as a script, exits 1 naming an override that points nowhere", () => {
    const result = runScript({ ...process.env, CHROMIUM_PATH: "no-such-chromium-binary" });
    expect(result.status).toBe(1);
    expect(result.stdout).toContain("CHROMIUM_PATH=no-such-chromium-binary is not an executable");
  });
});
