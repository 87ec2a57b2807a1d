import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { DocumentError } from "../../src/documents/document-error.ts";
import { esisBytes, esisToFile } from "../../src/documents/esis.ts";

const dir = mkdtempSync(join(tmpdir(), "esis-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const pdf = Buffer.from("%PDF-1.7\n% ESIS / FINE\n%%EOF\n", "latin1");
const esis = pdf.toString("base64");

const reasonOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DocumentError);
    return (error as DocumentError).reason;
  }
  throw new Error("did not throw");
};

describe("esisBytes", () => {
  it("decodes the response or its esis string to the PDF's bytes", () => {
    expect(Buffer.from(esisBytes({ esis }))).toEqual(pdf);
    expect(Buffer.from(esisBytes(esis))).toEqual(pdf);
  });

  it("tolerates line-wrapped base64 and a data: URL prefix", () => {
    const wrapped = esis.replace(/(.{16})/g, "$1\r\n");
    expect(Buffer.from(esisBytes(wrapped))).toEqual(pdf);
    expect(Buffer.from(esisBytes(`data:application/pdf;base64,${esis}`))).toEqual(pdf);
  });

  it("refuses what is not a base64 PDF", () => {
    expect(reasonOf(() => esisBytes({ esis: "" }))).toBe("empty");
    expect(reasonOf(() => esisBytes({ esis: "not base64!" }))).toBe("not-base64");
    expect(reasonOf(() => esisBytes({} as { esis: string }))).toBe("not-base64");
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).toString("base64");
    expect(reasonOf(() => esisBytes({ esis: png }))).toBe("not-pdf");
  });
});

describe("esisToFile", () => {
  it("writes the PDF and says how many bytes", async () => {
    const path = join(dir, "esis.pdf");
    expect(await esisToFile({ esis }, path)).toEqual({ path, byteLength: pdf.length });
    expect(readFileSync(path)).toEqual(pdf);
  });

  it("creates no file when the ESIS is not a PDF", async () => {
    const path = join(dir, "not.pdf");
    await expect(
      esisToFile({ esis: Buffer.from("hello").toString("base64") }, path),
    ).rejects.toThrow(DocumentError);
    expect(() => readFileSync(path)).toThrow(/ENOENT/);
  });
});
