import createClient from "openapi-fetch";
import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/core/errors.ts";
import { type HeldHead, HeldResponse } from "../../src/core/held-response.ts";
import { createPartnersPortalClient } from "../../src/partners-portal/client.ts";
import { createTaxonomyCache } from "../../src/partners-portal/taxonomy-cache.ts";
import { credentials, taxonomyGenders, taxonomyServer } from "../helpers.ts";

const text = '{"id":1,"name":"Maria"}';
const encoder = new TextEncoder();
const head = (status = 200, type = "application/json"): HeldHead => ({
  status,
  statusText: "OK",
  headers: new Headers({ "content-type": type, "content-length": String(text.length) }),
  url: "http://127.0.0.1:9/v1/things",
  redirected: false,
  type: "basic",
});
const held = (body = text, status = 200, type?: string) =>
  new HeldResponse(encoder.encode(body), head(status, type));
const platform = (body = text, status = 200, type = "application/json") =>
  new Response(body, { status, headers: { "content-type": type } });

/** What a way of reading a body gives, as comparable data, or the kind of error it throws. */
const reads: Record<string, (r: Response) => Promise<unknown>> = {
  json: (r) => r.json(),
  text: (r) => r.text(),
  arrayBuffer: async (r) => [...new Uint8Array(await r.arrayBuffer())],
  bytes: async (r) => [...(await r.bytes())],
  blob: async (r) => {
    const blob = await r.blob();
    return [blob.type, await blob.text()];
  },
  stream: async (r) => new Response(r.body).text(),
};
const outcome = (read: Promise<unknown>) =>
  read.then(
    (value) => ({ value }),
    (error: unknown) => ({ error: (error as Error).constructor.name }),
  );

describe("HeldResponse", () => {
  it("is a Response with the head it was given", () => {
    const response = held();
    expect(response).toBeInstanceOf(Response);
    expect(response).toMatchObject({ status: 200, ok: true, statusText: "OK", type: "basic" });
    expect(response.url).toBe("http://127.0.0.1:9/v1/things");
    expect(response.headers.get("content-type")).toBe("application/json");
  });

  it.each(Object.keys(reads))("answers %s like a platform Response, once", async (way) => {
    const read = reads[way] as (r: Response) => Promise<unknown>;
    const [ours, theirs] = [held(), platform()];
    expect(await outcome(read(ours))).toEqual(await outcome(read(theirs)));
    expect(ours.bodyUsed).toBe(true);
    expect(theirs.bodyUsed).toBe(true);
    for (const again of Object.values(reads))
      expect(await outcome(again(ours))).toEqual(await outcome(again(theirs)));
  });

  it("reads the same bytes through a clone taken before reading, and refuses one after", async () => {
    const response = held();
    const copy = response.clone();
    const bytes = new Uint8Array(await copy.arrayBuffer());
    bytes.fill(0); // a reader may change what it got; the other holder must not see it
    expect(await response.json()).toEqual({ id: 1, name: "Maria" });
    expect(() => response.clone()).toThrow(TypeError);
  });

  it("refuses to read a body whose stream a reader holds, and locks the stream of a read body", async () => {
    const streamed = held();
    streamed.body?.getReader();
    await expect(streamed.text()).rejects.toThrow(TypeError);
    const read = held();
    await read.text();
    expect(() => read.body?.getReader()).toThrow(TypeError);
  });

  it("has no body for a body-less status", async () => {
    const response = new HeldResponse(null, head(204));
    expect(response.body).toBeNull();
    expect(await response.text()).toBe("");
  });

  it("parses a form body as the platform does", async () => {
    const form = "a=1&b=two";
    const ours = await held(form, 200, "application/x-www-form-urlencoded").formData();
    expect([...ours]).toEqual([
      ["a", "1"],
      ["b", "two"],
    ]);
  });

  it("throws ApiError quoting the body for malformed JSON in a 2xx, SyntaxError otherwise", async () => {
    const error = await held("{oops")
      .json()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as Error).message).toContain('Malformed JSON in the response: "{oops"');
    await expect(held("{oops", 500).json()).rejects.toThrow(SyntaxError);
  });

  it.each(["json", "text", "arrayBuffer", "blob", "stream"] as const)(
    "gives openapi-fetch the same data as a platform Response with parseAs %s",
    async (parseAs) => {
      const data = async (answer: () => Response) => {
        const client = createClient<Record<string, never>>({
          baseUrl: "http://127.0.0.1:9",
          fetch: async () => answer(),
        });
        const result = (
          await (
            client as unknown as {
              request(m: string, p: string, o: object): Promise<{ data: unknown }>;
            }
          ).request("get", "/v1/things", { parseAs })
        ).data;
        if (result instanceof ArrayBuffer) return [...new Uint8Array(result)];
        if (result instanceof Blob) return [result.type, await result.text()];
        if (result instanceof ReadableStream) return new Response(result).text();
        return result;
      };
      expect(await data(() => held())).toEqual(await data(() => platform()));
    },
  );
});

describe("a taxonomy cache hit", () => {
  it("is a whole Response: its stream, blob and clone read the cached bytes", async () => {
    const api = taxonomyServer();
    const client = createPartnersPortalClient({
      baseUrl: "http://127.0.0.1:9",
      credentials,
      fetch: api.fetch,
    });
    const path = "/v1/taxonomy/genders";
    await client.GET(path);
    const streamed = await client.GET(path, { parseAs: "stream" });
    expect(await new Response(streamed.data as ReadableStream).json()).toEqual(taxonomyGenders);
    const blob = (await client.GET(path, { parseAs: "blob" })).data as Blob;
    expect(blob.type).toBe("application/json");
    expect(JSON.parse(await blob.text())).toEqual(taxonomyGenders);
    expect(api.to(path)).toHaveLength(1);
  });

  it("reads the same bytes through a clone taken before reading", async () => {
    const cache = createTaxonomyCache({ ttlMs: 60_000, isCacheable: () => true });
    const request = new Request("http://127.0.0.1:9/v1/taxonomy/genders");
    const context = { request, schemaPath: "/v1/taxonomy/genders" } as never;
    await cache.onResponse?.({ ...(context as object), response: held() } as never);
    const hit = (await cache.onRequest?.(context)) as Response;
    expect(hit).toBeInstanceOf(Response);
    expect(await hit.clone().json()).toEqual({ id: 1, name: "Maria" });
    expect(await hit.text()).toBe(text);
  });
});
