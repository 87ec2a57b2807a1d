import { createReadStream } from "node:fs";
import { Readable } from "node:stream";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { documentFrom } from "../../src/documents/document-from.ts";
import { file, pdf, refusal } from "./fixtures.ts";

const base64 = pdf.toString("base64");

/** A stream of `bytes` in chunks of 1, 2, … bytes, so chunk edges fall everywhere. */
async function* ragged(bytes: Uint8Array) {
  for (let at = 0, size = 1; at < bytes.length; at += size, size++) {
    yield bytes.subarray(at, at + size);
  }
}

const webStream = (bytes: Uint8Array) =>
  new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes.subarray(0, 5));
      controller.enqueue(bytes.subarray(5));
      controller.close();
    },
  });

describe("documentFrom", () => {
  it("reads every kind of source to the same base64, named after the source when it can be", async () => {
    const path = file("recibo.pdf", pdf);
    const inner = new Uint8Array(pdf.length + 4);
    inner.set(pdf, 2);
    const sources: [unknown, string][] = [
      [path, "recibo.pdf"],
      [pathToFileURL(path), "recibo.pdf"],
      [pdf, "document.pdf"],
      [inner.subarray(2, 2 + pdf.length), "document.pdf"], // a view with an offset
      [pdf.buffer.slice(pdf.byteOffset, pdf.byteOffset + pdf.length), "document.pdf"],
      [new Blob([pdf]), "document.pdf"],
      [new File([pdf], "scan.pdf"), "scan.pdf"],
      [createReadStream(path), "recibo.pdf"],
      [Readable.from([pdf.subarray(0, 7), pdf.subarray(7)]), "document.pdf"],
      [webStream(pdf), "document.pdf"],
      [ragged(pdf), "document.pdf"],
    ];
    for (const [source, fileName] of sources) {
      const part = await documentFrom(source as Parameters<typeof documentFrom>[0]);
      expect(part).toEqual({ fileName, documentContent: base64 });
    }
  });

  it("encodes across chunk edges exactly as encoding the whole file does", async () => {
    const bytes = Buffer.alloc(1000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 37) % 256;
    const { documentContent } = await documentFrom(ragged(bytes), { fileName: "x.bin" });
    expect(documentContent).toBe(bytes.toString("base64"));
  });

  it("names a nameless source after the type its bytes show", async () => {
    const types: [number[], string][] = [
      [[0x25, 0x50, 0x44, 0x46, 0x2d, 0x31], "document.pdf"],
      [[0xff, 0xd8, 0xff, 0xe0, 0, 0x10], "document.jpg"],
      [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0], "document.png"],
      [[0x49, 0x49, 0x2a, 0x00, 8, 0], "document.tif"],
      [[0x4d, 0x4d, 0x00, 0x2a, 0, 8], "document.tif"],
      [[0x47, 0x49, 0x46, 0x38, 0x39, 0x61], "document.gif"],
      [[0x50, 0x4b, 0x03, 0x04, 0, 0], "document"],
    ];
    for (const [bytes, fileName] of types) {
      expect((await documentFrom(new Uint8Array(bytes))).fileName).toBe(fileName);
    }
  });

  it("keeps a given name whose extension fits the bytes, in any case", async () => {
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe1, 1, 2]);
    expect((await documentFrom(jpeg, { fileName: "foto.JPEG" })).fileName).toBe("foto.JPEG");
    expect((await documentFrom(pdf, { fileName: "notas" })).fileName).toBe("notas");
    expect((await documentFrom(pdf, { fileName: "contrato.docx" })).fileName).toBe("contrato.docx");
  });

  it("refuses a file named as a type its bytes are not", async () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);
    expect(await refusal(documentFrom(png, { fileName: "scan.pdf" }))).toBe("type-mismatch");
    expect(await refusal(documentFrom(file("fake.pdf", Buffer.from("hello"))))).toBe(
      "type-mismatch",
    );
  });
});
