/**
 * The demo's PDF is a real one: every cross-reference entry points at its object, `startxref`
 * at the table, and `documentFrom` takes it as a PDF.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { writeSamplePdf } from "../../scripts/sample-pdf.ts";
import { documentFrom } from "../../src/documents/document-from.ts";

const dir = mkdtempSync(join(tmpdir(), "sample-pdf-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("writeSamplePdf", () => {
  it("writes a PDF whose cross-reference table points at each object", async () => {
    const path = join(dir, "recibo.pdf");
    const size = writeSamplePdf(path, ["Recibo de vencimento", "Ana (Sofia) Martins"]);
    const pdf = readFileSync(path).toString("latin1");
    expect(pdf.length).toBe(size);
    expect(pdf.startsWith("%PDF-1.4\n")).toBe(true);
    expect(pdf.endsWith("%%EOF\n")).toBe(true);

    const startxref = Number(/startxref\n(\d+)\n%%EOF\n$/.exec(pdf)?.[1]);
    expect(pdf.slice(startxref, startxref + 5)).toBe("xref\n");
    const entries = [...pdf.slice(startxref).matchAll(/^(\d{10}) 00000 n $/gm)];
    expect(entries).toHaveLength(5);
    entries.forEach((entry, i) => {
      const offset = Number(entry[1]);
      expect(pdf.slice(offset, offset + `${i + 1} 0 obj`.length)).toBe(`${i + 1} 0 obj`);
    });
    // Parentheses in the text are escaped, so the content stream stays well formed.
    expect(pdf).toContain("(Ana \\(Sofia\\) Martins) Tj");
    const length = Number(/\/Length (\d+) >>\nstream\n/.exec(pdf)?.[1]);
    const streamStart = pdf.indexOf("stream\n") + "stream\n".length;
    expect(pdf.slice(streamStart + length, streamStart + length + 10)).toBe("\nendstream");

    expect((await documentFrom(path)).fileName).toBe("recibo.pdf");
  });
});
