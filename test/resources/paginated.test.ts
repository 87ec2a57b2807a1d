import { describe, expect, it } from "vitest";
import { NotFoundError } from "../../src/core/errors.ts";
import { createPartnersPortalClient } from "../../src/partners-portal/client.ts";
import { credentials, json, portalServer } from "../helpers.ts";

const baseUrl = "http://127.0.0.1:9";
const processUniqueId = "3f2b8c1e-6a4d-4e2b-9c1a-7d5e8f9a0b1c";
const message = (n: number) => ({
  username: "u",
  subject: `s${n}`,
  text: "t",
  creationDate: "2026-01-01T00:00:00Z",
});

/** A message thread of `total` messages served `pageSize` at a time, by page number. */
function thread(total: number, hold?: (page: number) => Promise<void>) {
  const api = portalServer(async (request) => {
    const query = new URL(request.url).searchParams;
    const page = Number(query.get("pageNumber") ?? 1);
    const size = Number(query.get("pageSize") ?? 20);
    await hold?.(page);
    const first = (page - 1) * size;
    const messages = Array.from({ length: Math.max(0, Math.min(size, total - first)) }, (_, i) =>
      message(first + i + 1),
    );
    return json({ messages, totalCount: total, count: messages.length });
  });
  const portal = createPartnersPortalClient({ baseUrl, credentials, fetch: api.fetch });
  const pages = () => api.to("/message").map((r) => new URL(r.url).searchParams.get("pageNumber"));
  return { api, portal, pages };
}

describe("a paginated resource method", () => {
  it("gives the first page as returned when awaited", async () => {
    const { portal, pages } = thread(5);
    const page = await portal.processes.messages.list(processUniqueId, { pageSize: 2 });
    expect(page).toEqual({ messages: [message(1), message(2)], totalCount: 5, count: 2 });
    expect(pages()).toEqual([null]);
  });

  it("yields every item of every page when iterated", async () => {
    const { portal, pages } = thread(5);
    const subjects: string[] = [];
    for await (const m of portal.processes.messages.list(processUniqueId, { pageSize: 2 }))
      subjects.push(m.subject);
    expect(subjects).toEqual(["s1", "s2", "s3", "s4", "s5"]);
    expect(pages()).toEqual([null, "2", "3"]);
  });

  it("yields every page's data from pages()", async () => {
    const { portal } = thread(3);
    const counts: number[] = [];
    for await (const page of portal.processes.messages
      .list(processUniqueId, { pageSize: 2 })
      .pages())
      counts.push(page.messages.length);
    expect(counts).toEqual([2, 1]);
  });

  it("sends nothing until awaited or iterated, and its first page once however often awaited", async () => {
    const { api, portal, pages } = thread(3);
    const call = portal.processes.messages.list(processUniqueId);
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(api.requests).toHaveLength(0);
    const [a, b] = await Promise.all([call, call]);
    expect(a).toBe(b);
    expect(pages()).toEqual([null]);
  });

  it("stops at maxItems without asking for another page", async () => {
    const { portal, pages } = thread(10);
    const items = [];
    for await (const m of portal.processes.messages.list(
      processUniqueId,
      { pageSize: 2 },
      { maxItems: 3 },
    ))
      items.push(m);
    expect(items).toHaveLength(3);
    expect(pages()).toEqual([null, "2"]);
  });

  it("fetches pages ahead with concurrency", async () => {
    let asked = 0;
    let release = () => {};
    const bothAsked = new Promise<void>((resolve) => {
      release = resolve;
    });
    // Pages 2 and 3 are answered only once both were asked for: a walk one page at a time hangs.
    const { portal, pages } = thread(6, async (page) => {
      if (page < 2) return;
      if (++asked === 2) release();
      await bothAsked;
    });
    const call = portal.processes.messages.list(
      processUniqueId,
      { pageSize: 2 },
      { concurrency: 2 },
    );
    const items = [];
    for await (const m of call) items.push(m);
    expect(items).toHaveLength(6);
    expect(pages()).toEqual([null, "2", "3"]);
  });

  it("throws the error of a later page while iterating", async () => {
    const api = portalServer((request) =>
      new URL(request.url).searchParams.get("pageNumber") === "2"
        ? json({ error: "Not Found", message: "gone" }, 404)
        : json({ messages: [message(1), message(2)], totalCount: 4, count: 2 }),
    );
    const portal = createPartnersPortalClient({ baseUrl, credentials, fetch: api.fetch });
    const seen: string[] = [];
    const iterate = async () => {
      for await (const m of portal.processes.messages.list(processUniqueId, { pageSize: 2 }))
        seen.push(m.subject);
    };
    await expect(iterate()).rejects.toBeInstanceOf(NotFoundError);
    expect(seen).toEqual(["s1", "s2"]);
  });

  it("rejects bad arguments when awaited, and throws them when iterated, sending nothing", async () => {
    const { api, portal } = thread(1);
    const call = portal.processes.messages.list("");
    await expect(call).rejects.toThrow("processUniqueId must be a non-empty string");
    await expect(async () => {
      for await (const _ of call) break;
    }).rejects.toThrow("processUniqueId must be a non-empty string");
    expect(api.requests).toHaveLength(0);
  });
});
