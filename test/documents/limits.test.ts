import { createReadStream, existsSync, mkdirSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { defaultMaxDocumentBytes, documentFrom } from "../../src/documents/document-from.ts";
import { dir, file, pdf, refusal } from "./fixtures.ts";

describe("documentFrom limits", () => {
  it("refuses an empty file, buffer or stream", async () => {
    expect(await refusal(documentFrom(file("empty.pdf", new Uint8Array(0))))).toBe("empty");
    expect(await refusal(documentFrom(new Uint8Array(0)))).toBe("empty");
    expect(await refusal(documentFrom(Readable.from([])))).toBe("empty");
  });

  it("refuses more than maxBytes, and by default more than 20 MiB", async () => {
    expect(defaultMaxDocumentBytes).toBe(20 * 1024 * 1024);
    expect(await refusal(documentFrom(pdf, { maxBytes: pdf.length - 1 }))).toBe("too-large");
    await expect(documentFrom(pdf, { maxBytes: pdf.length })).resolves.toHaveProperty("fileName");
    const big = Buffer.alloc(defaultMaxDocumentBytes + 1);
    big.write("%PDF-");
    expect(await refusal(documentFrom(big))).toBe("too-large");
    expect(await refusal(documentFrom(file("big.pdf", big)))).toBe("too-large");
  });

  it("stops reading a stream as soon as it passes maxBytes", async () => {
    let pulled = 0;
    let closed = false;
    async function* endless() {
      try {
        for (;;) {
          pulled++;
          yield new Uint8Array(1024);
        }
      } finally {
        closed = true;
      }
    }
    expect(await refusal(documentFrom(endless(), { maxBytes: 10_000 }))).toBe("too-large");
    expect(pulled).toBe(10);
    expect(closed).toBe(true);
  });

  it("cancels a web stream it refuses", async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(4096));
      },
      cancel() {
        cancelled = true;
      },
    });
    expect(await refusal(documentFrom(stream, { maxBytes: 10_000 }))).toBe("too-large");
    expect(cancelled).toBe(true);
  });

  it("refuses text streams, missing files and folders", async () => {
    const text = createReadStream(file("text.pdf", pdf), { encoding: "utf8" });
    expect(await refusal(documentFrom(text))).toBe("not-bytes");
    expect(await refusal(documentFrom(join(dir, "missing.pdf")))).toBe("unreadable");
    mkdirSync(join(dir, "folder"));
    expect(await refusal(documentFrom(join(dir, "folder")))).toBe("unreadable");
    expect(await refusal(documentFrom(42 as unknown as Uint8Array))).toBe("not-bytes");
  });

  it.skipIf(!existsSync("/proc/self/fd"))(
    "leaves no file open, whether it reads a file, refuses it by size or by type",
    async () => {
      const openFiles = () => readdirSync("/proc/self/fd").length;
      const path = file("open.pdf", pdf);
      const png = file(
        "open-scan.pdf",
        new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      );
      await documentFrom(path); // the first use loads node:fs
      const before = openFiles();
      for (let i = 0; i < 20; i++) {
        await documentFrom(path);
        expect(await refusal(documentFrom(path, { maxBytes: 10 }))).toBe("too-large");
        expect(await refusal(documentFrom(png))).toBe("type-mismatch");
      }
      expect(openFiles()).toBe(before);
    },
  );
});
