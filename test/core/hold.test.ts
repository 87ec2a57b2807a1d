import { describe, expect, it } from "vitest";
import { headOf } from "../../src/core/held-response.ts";
import { held, readBody } from "../../src/core/hold.ts";

/** A response whose body arrives as `chunks`, with the headers given. */
function chunked(chunks: string[], headers: Record<string, string> = {}, status = 200): Response {
  const encoder = new TextEncoder();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return new Response(stream, { status, headers });
}
const text = (bytes: Uint8Array | null) =>
  bytes === null ? null : new TextDecoder().decode(bytes);

describe("readBody", () => {
  it("reads a body of declared length, in one chunk or many, into one buffer of that length", async () => {
    const one = await readBody(chunked(["hello"], { "content-length": "5" }));
    expect(text(one)).toBe("hello");
    const many = await readBody(chunked(["he", "ll", "o"], { "content-length": "5" }));
    expect(text(many)).toBe("hello");
    expect(many?.buffer.byteLength).toBe(5);
  });

  it("joins the chunks of a body of unknown or encoded length", async () => {
    expect(text(await readBody(chunked(["a", "b", "c"])))).toBe("abc");
    const encoded = { "content-length": "2", "content-encoding": "gzip" };
    expect(text(await readBody(chunked(["abc", "def"], encoded)))).toBe("abcdef");
  });

  it("keeps every byte when a body is longer or shorter than it declared", async () => {
    expect(text(await readBody(chunked(["abc", "def"], { "content-length": "4" })))).toBe("abcdef");
    expect(text(await readBody(chunked(["abcdef", "g"], { "content-length": "4" })))).toBe(
      "abcdefg",
    );
    expect(text(await readBody(chunked(["ab", "c"], { "content-length": "9" })))).toBe("abc");
  });

  it("reads nothing for a status without a body, and an empty body as empty", async () => {
    expect(await readBody(new Response(null, { status: 204 }))).toBeNull();
    expect((await readBody(new Response(null, { status: 200 })))?.byteLength).toBe(0);
  });
});

describe("held", () => {
  const summary = { method: "GET", path: "/v1/things" };

  it("describes the held bytes in the headers: their length, and no longer chunked", async () => {
    const response = chunked(['{"a":', "1}"], { "transfer-encoding": "chunked" });
    const outcome = held(headOf(response), await readBody(response), summary);
    if (!("response" in outcome)) throw new Error("no response");
    expect(outcome.response.headers.get("content-length")).toBe("7");
    expect(outcome.response.headers.has("transfer-encoding")).toBe(false);
    expect(await outcome.response.json()).toEqual({ a: 1 });
  });

  it("reads the wait a 429 asked for in its body, and a 503's in its header", async () => {
    const busy = chunked(['{"retryAfter": 3}'], {}, 429);
    expect(held(headOf(busy), await readBody(busy), summary)).toMatchObject({ requestedMs: 3_000 });
    const down = chunked(['{"retryAfter": 3}'], { "retry-after": "2" }, 503);
    expect(held(headOf(down), await readBody(down), summary)).toMatchObject({ requestedMs: 2_000 });
    const ok = chunked(["{}"]);
    expect(held(headOf(ok), await readBody(ok), summary)).not.toHaveProperty("requestedMs");
  });
});
