/**
 * `npm run docs` builds a site that works from file:// with no network: every page is opened in
 * headless Chromium, offline, and no request may leave the machine.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import type { Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { apis } from "../../scripts/apis.ts";
import { specPath } from "../../scripts/prism.ts";
import { type Browser, openBrowser, staysLocal } from "./browser.ts";

const root = join(import.meta.dirname, "../..");
const slow = { timeout: 600_000 };
const badges: Record<string, string> = {
  documented: "Documented",
  partial: "Partial",
  inferred: "Inferred",
};

interface Operation {
  tag: string;
  operationId: string;
  summary: string;
  provenance: string;
}

function operations(api: string): Operation[] {
  const spec = JSON.parse(readFileSync(specPath(api), "utf8"));
  return Object.values(spec.paths as Record<string, Record<string, Record<string, unknown>>>)
    .flatMap((item) => Object.values(item))
    .filter((op) => typeof op.operationId === "string")
    .map((op) => ({
      tag: (op.tags as string[])[0] ?? "",
      operationId: String(op.operationId),
      summary: String(op.summary),
      provenance: String(op["x-provenance"]),
    }));
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((file) => file.endsWith(".html"))
    .map((file) => join(dir, file));
}

let site = "";
let browser: Browser;
let page: Page;
const open = (file: string) => page.goto(pathToFileURL(join(site, file)).href);

beforeAll(async () => {
  site = mkdtempSync(join(tmpdir(), "docs-site-"));
  const tsx = join(root, "node_modules/tsx/dist/cli.mjs");
  await promisify(execFile)(process.execPath, [tsx, "scripts/docs.ts", "--out", site], {
    cwd: root,
    env: { ...process.env, REDOCLY_TELEMETRY: "off" },
    maxBuffer: 16 * 1024 * 1024,
  });
  browser = await openBrowser();
  page = await browser.context.newPage();
}, 900_000);

afterAll(async () => {
  await browser?.close();
  rmSync(site, { recursive: true, force: true });
});

afterEach(() => {
  const requests = browser.requests.splice(0);
  expect(requests.filter((url) => !staysLocal(url))).toEqual([]);
  expect(browser.pageErrors.splice(0)).toEqual([]);
});

describe("npm run docs", () => {
  it("links the SDK reference and the three HTTP references from index.html", async () => {
    await open("index.html");
    const links = await page
      .locator("a")
      .evaluateAll((as) => as.map((a) => a.getAttribute("href")));
    expect(links).toEqual(["sdk/index.html", ...apis.map((api) => `${api}.html`)]);
  });

  for (const api of apis) {
    it(
      `renders every tag of ${api}, its operations and their provenance badges`,
      slow,
      async () => {
        await open(`${api}.html`);
        const byTag = new Map<string, Operation[]>();
        for (const op of operations(api)) byTag.set(op.tag, [...(byTag.get(op.tag) ?? []), op]);
        for (const [tag, ops] of byTag) {
          const menu = page.locator('[data-component-name="Menu/Menu"]');
          await menu.locator(`a[href="/${slug(tag)}"], a[href="#/${slug(tag)}"]`).click();
          for (const op of ops) {
            const item = menu.locator(`a[href="#/${slug(tag)}/${op.operationId.toLowerCase()}"]`);
            await expect(item.textContent()).resolves.toContain(op.summary);
          }
          const first = ops[0];
          if (!first) continue;
          const title = `${first.summary}${badges[first.provenance]}`;
          await page.locator("h2").filter({ hasText: title }).first().waitFor();
        }
        await expect(page.getByText("inferred: true").count()).resolves.toBeGreaterThan(0);
      },
    );
  }

  it("finds an operation with the HTTP reference's search", slow, async () => {
    await open("partners-portal.html");
    await page.getByText("Search Ctrl+K").first().click();
    await page.getByPlaceholder("Search docs...").fill("genders");
    await page
      .locator('[data-component-name="Search/SearchItem"]', { hasText: "Genders Get" })
      .first()
      .waitFor();
  });

  it("opens every SDK reference page with its navigation", slow, async () => {
    const pages = htmlFiles(join(site, "sdk"));
    expect(pages.length).toBeGreaterThan(20);
    for (const file of pages) {
      await open(relative(site, file));
      await page.locator("#tsd-nav-container a").first().waitFor();
      await expect(page.locator("h1").count()).resolves.toBe(1);
    }
    await open("sdk/functions/createPartnersPortalClient.html");
    await expect(page.locator("h1").textContent()).resolves.toContain("createPartnersPortalClient");
  });

  it("finds an export with the SDK reference's search", slow, async () => {
    await open("sdk/index.html");
    await page.locator("#tsd-search-trigger").click();
    await page.locator("#tsd-search-input").fill("unwrap");
    await page.locator("#tsd-search-results li", { hasText: "unwrap" }).first().waitFor();
  });

  it("would notice a page that asks the network for something", slow, async () => {
    const file = join(site, "leaky.html");
    writeFileSync(file, '<img src="http://127.0.0.1:9/never-served.png">');
    await open("leaky.html");
    rmSync(file);
    const requests = browser.requests.splice(0);
    expect(requests.filter((url) => !staysLocal(url))).toEqual([
      "http://127.0.0.1:9/never-served.png",
    ]);
  });
});

/** Redoc's route for a tag: its name in lower case with spaces as dashes. */
function slug(tag: string): string {
  return tag.toLowerCase().replaceAll(" ", "-");
}
