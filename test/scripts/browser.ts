/**
 * Headless Debian Chromium (provisioned by `npm test`), driven by playwright-core, which
 * downloads no browser. Every request any page makes is recorded so a test can assert that none
 * left the machine; the context is also offline, so a page that needs the network shows it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium } from "playwright-core";
import { toolPath } from "../../scripts/provision/tools.ts";

const flags = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export interface Browser {
  context: BrowserContext;
  /** Every URL requested since launch (or since the caller last emptied it). */
  requests: string[];
  /** Uncaught errors of any page. */
  pageErrors: string[];
  close(): Promise<void>;
}

/** True for a URL served from this machine without a network: file:, data: or blob:. */
export const staysLocal = (url: string) => /^(file|data|blob):/.test(url);

/** Launches Chromium with a fresh profile in a temporary folder, removed by `close`. */
export async function openBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), "chromium-profile-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: toolPath("chromium"),
    headless: true,
    args: flags,
    offline: true,
    viewport: { width: 1400, height: 1000 },
  });
  // Ceilings for a hung page, not speed requirements: a loaded 2-core machine is slow.
  context.setDefaultTimeout(120_000);
  const requests: string[] = [];
  const pageErrors: string[] = [];
  context.on("request", (request) => requests.push(request.url()));
  context.on("page", (page) => page.on("pageerror", (error) => pageErrors.push(error.message)));
  return {
    context,
    requests,
    pageErrors,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
