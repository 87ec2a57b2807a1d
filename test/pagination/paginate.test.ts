import { describe, expect, it } from "vitest";
import { BadRequestError, NotFoundError, SdkError } from "../../src/core/errors.ts";
import { pages, paginate } from "../../src/pagination/paginate.ts";
import { createPartnersPortalClient } from "../../src/partners-portal/client.ts";
import {
  credentials,
  json,
  portalServer,
  type ScriptedFetch,
  sessionTokenFor,
} from "../helpers.ts";

const baseUrl = "http://127.0.0.1:9";
const processUniqueId = "3f2b8c1e-6a4d-4e2b-9c1a-7d5e8f9a0b1c";
const partnerUniqueID = "9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d";
const messagePath = "/v1/processes/{processUniqueId}/message" as const;
const callbackPath = "/v1/partners/{partnerUniqueID}/callbacks" as const;
const simulationPath = "/v1/simulations" as const;
const messageInit = { params: { path: { processUniqueId } } };
const callbackInit = { params: { path: { partnerUniqueID } } };

const message = (n: number) => ({
  username: "u",
  subject: `s${n}`,
  text: "t",
  creationDate: "2026-01-01T00:00:00Z",
});
const messages = (total: number) => Array.from({ length: total }, (_, i) => message(i));
const callback = (n: number) => ({
  notificationType: n,
  callbackUrl: `https://partner.example.com/hooks/${n}`,
});
const simulation = (n: number) => ({
  simulationUniqueID: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
  simulationNumber: n,
});

const clientFor = (api: ScriptedFetch, maxRetries = 0) =>
  createPartnersPortalClient({ baseUrl, credentials, fetch: api.fetch, maxRetries });
const query = (r: Request) => new URL(r.url).searchParams;

/** Answers the message list one page at a time, with `fields` added to each page. */
function messageServer(all: unknown[], fields: (items: unknown[]) => object = () => ({})) {
  return portalServer((request) => {
    const page = Number(query(request).get("pageNumber") ?? 1);
    const size = Number(query(request).get("pageSize") ?? 20);
    const items = all.slice((page - 1) * size, page * size);
    return json({ messages: items, ...fields(items) });
  });
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

describe("paginate", () => {
  describe("page style", () => {
    it("stops without asking for an empty page when the numeric-string total is reached", async () => {
      const all = messages(40);
      const api = messageServer(all, (items) => ({
        totalCount: "40",
        count: String(items.length),
      }));
      const items = await collect(paginate(clientFor(api), messagePath, messageInit));
      expect(items).toEqual(all);
      expect(api.to("/message").map((r) => query(r).get("pageNumber"))).toEqual([null, "2"]);
    });

    it("stops when a page is shorter than the page size", async () => {
      const all = messages(25);
      const api = messageServer(all);
      const items = await collect(paginate(clientFor(api), messagePath, messageInit));
      expect(items).toEqual(all);
      expect(api.to("/message")).toHaveLength(2);
    });

    it("stops when a page is empty", async () => {
      const all = messages(40);
      const api = messageServer(all);
      const items = await collect(paginate(clientFor(api), messagePath, messageInit));
      expect(items).toEqual(all);
      expect(api.to("/message")).toHaveLength(3);
    });

    it("uses the caller's pageSize when it is given", async () => {
      const all = messages(30);
      const api = messageServer(all, () => ({ totalCount: 30 }));
      const init = { params: { path: { processUniqueId }, query: { pageSize: 10 } } };
      const items = await collect(paginate(clientFor(api), messagePath, init));
      expect(items).toEqual(all);
      expect(api.to("/message").map((r) => query(r).toString())).toEqual([
        "pageSize=10",
        "pageSize=10&pageNumber=2",
        "pageSize=10&pageNumber=3",
      ]);
    });
  });

  describe("offset style", () => {
    it("advances the offset by the items received and stops on a short page", async () => {
      const all = Array.from({ length: 45 }, (_, i) => callback(i));
      const api = portalServer((request) => {
        const offset = Number(query(request).get("offset") ?? 0);
        const limit = Number(query(request).get("limit") ?? 20);
        return json(all.slice(offset, offset + limit));
      });
      const items = await collect(paginate(clientFor(api), callbackPath, callbackInit));
      expect(items).toEqual(all);
      expect(api.to("/callbacks").map((r) => query(r).get("offset"))).toEqual([null, "20", "40"]);
    });

    it("starts from the caller's offset and limit", async () => {
      const all = Array.from({ length: 12 }, (_, i) => callback(i));
      const api = portalServer((request) => {
        const offset = Number(query(request).get("offset") ?? 0);
        const limit = Number(query(request).get("limit") ?? 20);
        return json(all.slice(offset, offset + limit));
      });
      const init = { params: { path: { partnerUniqueID }, query: { offset: 2, limit: 5 } } };
      const items = await collect(paginate(clientFor(api), callbackPath, init));
      expect(items).toEqual(all.slice(2));
      expect(api.to("/callbacks").map((r) => query(r).get("offset"))).toEqual(["2", "7", "12"]);
    });
  });

  describe("keyset style", () => {
    /** Pages of `size` simulations after the `nextRecord` cursor. */
    function simulationServer(all: ReturnType<typeof simulation>[], size: number) {
      return portalServer((request) => {
        const cursor = query(request).get("nextRecord");
        const start =
          cursor === null ? 0 : all.findIndex((s) => s.simulationUniqueID === cursor) + 1;
        const items = all.slice(start, start + size);
        return json({
          totalRecords: all.length,
          hasMoreResults: start + size < all.length,
          simulations: items,
        });
      });
    }

    it("sends the last item's simulationUniqueID as nextRecord until hasMoreResults is false", async () => {
      const all = Array.from({ length: 25 }, (_, i) => simulation(i));
      const api = simulationServer(all, 10);
      const items = await collect(paginate(clientFor(api), simulationPath));
      expect(items).toEqual(all);
      expect(api.to("/simulations").map((r) => query(r).get("nextRecord"))).toEqual([
        null,
        all[9]?.simulationUniqueID,
        all[19]?.simulationUniqueID,
      ]);
    });

    it("stops on hasMoreResults false even when the page is full", async () => {
      const all = Array.from({ length: 10 }, (_, i) => simulation(i));
      const api = simulationServer(all, 10);
      const items = await collect(paginate(clientFor(api), simulationPath));
      expect(items).toEqual(all);
      expect(api.to("/simulations")).toHaveLength(1);
    });

    it("throws SdkError when a cursor comes back twice", async () => {
      const page = [simulation(1), simulation(2)];
      const api = portalServer(() =>
        json({ totalRecords: 9, hasMoreResults: true, simulations: page }),
      );
      const seen: unknown[] = [];
      const error = await (async () => {
        for await (const item of paginate(clientFor(api), simulationPath)) seen.push(item);
      })().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SdkError);
      expect((error as SdkError).message).toContain(page[1]?.simulationUniqueID);
      expect(api.to("/simulations")).toHaveLength(2);
      expect(seen).toEqual([...page, ...page]);
    });
  });

  it("yields no more than maxItems items", async () => {
    const all = messages(45);
    const api = messageServer(all);
    const items = await collect(
      paginate(clientFor(api), messagePath, messageInit, { maxItems: 25 }),
    );
    expect(items).toEqual(all.slice(0, 25));
    expect(api.to("/message")).toHaveLength(2);
  });

  it("does not fetch the next page when maxItems ends on a page boundary", async () => {
    const all = messages(45);
    // The page it must not ask for fails, as a page past the caller's need may.
    const api = portalServer((request) =>
      query(request).get("pageNumber") === "2"
        ? json({ error: "Internal Server Error", message: "boom" }, 500)
        : json({ messages: all.slice(0, 20), totalCount: 45 }),
    );
    const items = await collect(
      paginate(clientFor(api), messagePath, messageInit, { maxItems: 20 }),
    );
    expect(items).toEqual(all.slice(0, 20));
    expect(api.to("/message")).toHaveLength(1);
  });

  it("throws the status's ApiError subclass when a page is an error", async () => {
    const all = messages(45);
    const api = portalServer((request) =>
      query(request).get("pageNumber") === "2"
        ? json({ error: "Not Found", message: "Process not found" }, 404)
        : json({ messages: all.slice(0, 20) }),
    );
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const item of paginate(clientFor(api), messagePath, messageInit)) seen.push(item);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ status: 404, method: "GET" });
    expect((error as NotFoundError).path).toBe(`/v1/processes/${processUniqueId}/message`);
    expect(seen).toHaveLength(20);
  });

  it("throws BadRequestError with the page's details when the first page is a 400", async () => {
    const api = portalServer(() =>
      json(
        { errors: [{ errorCode: "020301", errorMessage: "Invalid", errorField: "pageSize" }] },
        400,
      ),
    );
    const error = await collect(paginate(clientFor(api), messagePath, messageInit)).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(BadRequestError);
    expect((error as BadRequestError).details[0]?.fieldName).toBe("pageSize");
  });

  it("stops fetching when the loop breaks", async () => {
    const api = messageServer(messages(100));
    const seen: unknown[] = [];
    for await (const item of paginate(clientFor(api), messagePath, messageInit)) {
      seen.push(item);
      if (seen.length === 3) break;
    }
    expect(seen).toHaveLength(3);
    expect(api.to("/message")).toHaveLength(1);
  });

  it("yields every item once when the session lapses between pages", async () => {
    const all = messages(70);
    let served = 0;
    const api = portalServer((request, token) => {
      if (token === sessionTokenFor(1) && served >= 2)
        return json({ error: "Unauthorized", message: "Session expired" }, 401);
      served++;
      const page = Number(query(request).get("pageNumber") ?? 1);
      return json({ messages: all.slice((page - 1) * 20, page * 20), totalCount: "70" });
    });
    const items = await collect(paginate(clientFor(api), messagePath, messageInit));
    expect(items).toEqual(all);
    expect(api.to("/v1/authentication")).toHaveLength(2);
    expect(api.to("/message").map((r) => query(r).get("pageNumber"))).toEqual([
      null,
      "2",
      "3",
      "3",
      "4",
    ]);
  });
});

describe("paginate never truncates or loops", () => {
  it("keeps asking while the total says more when the server caps the page size", async () => {
    const all = messages(45);
    const api = portalServer((request) => {
      const page = Number(query(request).get("pageNumber") ?? 1);
      return json({ messages: all.slice((page - 1) * 10, page * 10), totalCount: 45 });
    });
    const init = { params: { path: { processUniqueId }, query: { pageSize: 50 } } };
    const items = await collect(paginate(clientFor(api), messagePath, init));
    expect(items).toEqual(all);
    expect(api.to("/message").map((r) => query(r).get("pageNumber"))).toEqual([
      null,
      "2",
      "3",
      "4",
      "5",
    ]);
  });

  it("fetches ahead by the page size the server returned when it caps the one asked", async () => {
    const all = messages(45);
    const api = portalServer((request) => {
      const page = Number(query(request).get("pageNumber") ?? 1);
      return json({ messages: all.slice((page - 1) * 10, page * 10), totalCount: "45" });
    });
    const init = { params: { path: { processUniqueId }, query: { pageSize: 50 } } };
    const items = await collect(paginate(clientFor(api), messagePath, init, { concurrency: 3 }));
    expect(items).toEqual(all);
    expect(api.to("/message")).toHaveLength(5);
  });

  it("throws SdkError naming pageNumber when the server ignores it and the total says more", async () => {
    const all = messages(45);
    const api = portalServer(() => json({ messages: all.slice(0, 20), totalCount: 45 }));
    const seen: unknown[] = [];
    const error = await (async () => {
      for await (const item of paginate(clientFor(api), messagePath, messageInit)) seen.push(item);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SdkError);
    expect((error as Error).message).toContain("ignored the page parameter pageNumber");
    expect(seen).toEqual(all.slice(0, 20));
  });

  it("throws SdkError instead of looping when the server ignores pageNumber and sends no total", async () => {
    const api = portalServer(() => json({ messages: messages(20) }));
    const error = await collect(paginate(clientFor(api), messagePath, messageInit)).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SdkError);
    expect(api.to("/message")).toHaveLength(2);
  });

  it("throws SdkError naming offset instead of looping when the server ignores the offset", async () => {
    const first = Array.from({ length: 20 }, (_, i) => callback(i));
    const api = portalServer(() => json(first));
    const error = await collect(paginate(clientFor(api), callbackPath, callbackInit)).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SdkError);
    expect((error as Error).message).toContain("ignored the page parameter offset");
    expect(api.to("/callbacks")).toHaveLength(2);
  });
});

describe("pages", () => {
  it("yields each page's data as the API sent it", async () => {
    const all = messages(45);
    const api = messageServer(all, (items) => ({ totalCount: "45", count: String(items.length) }));
    const seen = await collect(pages(clientFor(api), messagePath, messageInit));
    expect(seen).toEqual([
      { messages: all.slice(0, 20), totalCount: "45", count: "20" },
      { messages: all.slice(20, 40), totalCount: "45", count: "20" },
      { messages: all.slice(40), totalCount: "45", count: "5" },
    ]);
  });

  it("stops after the page that reaches maxItems", async () => {
    const api = messageServer(messages(100));
    const seen = await collect(pages(clientFor(api), messagePath, messageInit, { maxItems: 25 }));
    expect(seen).toHaveLength(2);
    expect(api.to("/message")).toHaveLength(2);
  });

  it("yields the array itself for an offset-style path", async () => {
    const all = Array.from({ length: 3 }, (_, i) => callback(i));
    const api = portalServer(() => json(all));
    const seen = await collect(pages(clientFor(api), callbackPath, callbackInit));
    expect(seen).toEqual([all]);
  });
});
