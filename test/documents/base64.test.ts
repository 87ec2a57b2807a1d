import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { createBase64Encoder, decodeBase64, isBase64 } from "../../src/documents/base64.ts";

const chunked = fc
  .tuple(fc.uint8Array({ maxLength: 300 }), fc.array(fc.nat(300), { maxLength: 8 }))
  .map(([bytes, cuts]) => {
    const edges = [...new Set([0, ...cuts.map((c) => c % (bytes.length + 1)), bytes.length])];
    edges.sort((a, b) => a - b);
    return { bytes, chunks: edges.slice(1).map((end, i) => bytes.subarray(edges[i], end)) };
  });

async function encoderWithoutBuffer() {
  vi.stubGlobal("Buffer", undefined);
  vi.resetModules();
  const module = await import("../../src/documents/base64.ts");
  vi.unstubAllGlobals();
  return module;
}

afterEach(() => vi.unstubAllGlobals());

describe("createBase64Encoder", () => {
  it("gives the one-go encoding whatever the chunk edges", () => {
    fc.assert(
      fc.property(chunked, ({ bytes, chunks }) => {
        const encoder = createBase64Encoder();
        const text = chunks.map((c) => encoder.push(c)).join("") + encoder.end();
        expect(text).toBe(Buffer.from(bytes).toString("base64"));
      }),
    );
  });

  it("gives the same text where there is no Buffer (btoa)", async () => {
    const portable = await encoderWithoutBuffer();
    fc.assert(
      fc.property(chunked, ({ bytes, chunks }) => {
        const encoder = portable.createBase64Encoder();
        const text = chunks.map((c) => encoder.push(c)).join("") + encoder.end();
        expect(text).toBe(Buffer.from(bytes).toString("base64"));
        expect(Buffer.from(portable.decodeBase64(text))).toEqual(Buffer.from(bytes));
      }),
    );
  });
});

describe("isBase64 and decodeBase64", () => {
  it("round-trips bytes and refuses what is not canonical base64", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const text = Buffer.from(bytes).toString("base64");
        expect(isBase64(text)).toBe(true);
        expect(Buffer.from(decodeBase64(text))).toEqual(Buffer.from(bytes));
      }),
    );
    for (const text of ["abc", "ab$=", "a===", "ab=c", "YWJj\n", "YW Jj"]) {
      expect(isBase64(text)).toBe(false);
    }
  });
});
