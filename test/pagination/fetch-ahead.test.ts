import { describe, expect, it } from "vitest";
import { InternalServerError } from "../../src/core/errors.ts";
import { fetchAhead } from "../../src/pagination/fetch-ahead.ts";
import { paginate } from "../../src/pagination/paginate.ts";
import { createPartnersPortalClient } from "../../src/partners-portal/client.ts";
import { credentials, json, scriptedFetch } from "../helpers.ts";

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const upTo = (n: number) => Array.from({ length: n }, (_, i) => i);

describe("fetchAhead", () => {
  it("yields in order with at most `concurrency` loads in flight", async () => {
    let inFlight = 0;
    let peak = 0;
    const load = async (i: number) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await delay(i % 3 === 0 ? 15 : 2); // out-of-order completion
      inFlight--;
      return i;
    };
    const seen: number[] = [];
    for await (const value of fetchAhead(upTo(10), 3, load, () => undefined)) seen.push(value);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(peak).toBe(3);
  });

  it("starts no new load and calls stop when the consumer breaks out", async () => {
    const started: number[] = [];
    let stopped = false;
    const load = async (i: number) => {
      started.push(i);
      return i;
    };
    for await (const value of fetchAhead(upTo(100), 4, load, () => {
      stopped = true;
    })) {
      if (value === 1) break;
    }
    expect(stopped).toBe(true);
    expect(Math.max(...started)).toBeLessThanOrEqual(5);
  });

  it("throws a failed load when its turn comes, after the values before it", async () => {
    const seen: number[] = [];
    const load = async (i: number) => {
      if (i === 2) throw new Error("page 3 failed");
      return i;
    };
    const run = async () => {
      for await (const value of fetchAhead(upTo(5), 2, load, () => undefined)) seen.push(value);
    };
    await expect(run()).rejects.toThrow("page 3 failed");
    expect(seen).toEqual([0, 1]);
  });
});

/** Serves `total` messages in pages, each answer after `latencyMs`, counting concurrent requests. */
function messageServer(total: number, latencyMs: number, fail?: (page: number) => boolean) {
  let inFlight = 0;
  const state = { peak: 0, aborted: 0 };
  const api = scriptedFetch(async (request) => {
    const url = new URL(request.url);
    if (url.pathname === "/v1/authentication") return json({ sessionToken: "t" });
    inFlight++;
    state.peak = Math.max(state.peak, inFlight);
    try {
      await new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, latencyMs);
        request.signal.addEventListener("abort", () => {
          clearTimeout(timer);
          state.aborted++;
          reject(request.signal.reason);
        });
      });
    } finally {
      inFlight--;
    }
    const page = Number(url.searchParams.get("pageNumber") ?? 1);
    const size = Number(url.searchParams.get("pageSize") ?? 20);
    if (fail?.(page))
      return json({ error: "Internal Server Error", message: `page ${page} failed` }, 500);
    const messages = Array.from(
      { length: Math.max(0, Math.min(size, total - (page - 1) * size)) },
      (_, i) => ({
        username: "u",
        subject: `m${(page - 1) * size + i}`,
        text: "t",
        creationDate: "2026-01-01T00:00:00Z",
      }),
    );
    return json({ messages, totalCount: String(total), count: String(messages.length) });
  });
  return { api, state };
}

const path = "/v1/processes/{processUniqueId}/message" as const;
const init = { params: { path: { processUniqueId: "3f2b8c1e-6a4d-4e2b-9c1a-7d5e8f9a0b1c" } } };
const client = (fetch: typeof globalThis.fetch) =>
  createPartnersPortalClient({ baseUrl: "http://127.0.0.1:9", credentials, fetch, maxRetries: 0 });

describe("paginate with concurrency", () => {
  it("yields every item once and in order while fetching pages ahead", async () => {
    const { api, state } = messageServer(200, 5);
    const subjects: string[] = [];
    for await (const m of paginate(client(api.fetch), path, init, { concurrency: 4 }))
      subjects.push(m.subject);
    expect(subjects).toEqual(Array.from({ length: 200 }, (_, i) => `m${i}`));
    expect(api.to("/message")).toHaveLength(10);
    expect(state.peak).toBe(4);
  });

  it("stops fetching and aborts the pages in flight when the consumer stops", async () => {
    const { api, state } = messageServer(2000, 20);
    let taken = 0;
    for await (const _ of paginate(client(api.fetch), path, init, { concurrency: 4 })) {
      if (++taken === 30) break;
    }
    await delay(50);
    expect(api.to("/message").length).toBeLessThanOrEqual(1 + 4 + 1);
    expect(state.aborted).toBeGreaterThan(0);
  });

  it("throws an error page when its turn comes, after every item before it", async () => {
    const { api } = messageServer(200, 2, (page) => page === 4);
    const subjects: string[] = [];
    const run = async () => {
      for await (const m of paginate(client(api.fetch), path, init, { concurrency: 3 }))
        subjects.push(m.subject);
    };
    await expect(run()).rejects.toBeInstanceOf(InternalServerError);
    expect(subjects).toHaveLength(60);
  });

  it("stops at a short page when the total was stale", async () => {
    const { api } = messageServer(50, 2);
    const stale = scriptedFetch(async (request) => {
      const response = await api.fetch(request);
      if (!new URL(request.url).pathname.endsWith("/message")) return response;
      const body = (await response.json()) as Record<string, unknown>;
      return json({ ...body, totalCount: "500" }); // claims 25 pages, has 3
    });
    const subjects: string[] = [];
    for await (const m of paginate(client(stale.fetch), path, init, { concurrency: 4 }))
      subjects.push(m.subject);
    expect(subjects).toHaveLength(50);
  });
});
