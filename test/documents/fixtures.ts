/** What the documentFrom tests share: a small PDF, files in a temporary folder, refusals. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect } from "vitest";
import { DocumentError } from "../../src/documents/document-error.ts";

export const dir = mkdtempSync(join(tmpdir(), "documents-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

export const pdf = Buffer.from("%PDF-1.4\n% a payslip\n1 0 obj << >> endobj\n%%EOF\n", "latin1");

/** Writes `bytes` to `name` in the temporary folder and returns its path. */
export const file = (name: string, bytes: Uint8Array) => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};

/** The `reason` of the DocumentError `promise` rejects with (failing when it does not). */
export const refusal = async (promise: Promise<unknown>) => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DocumentError);
  return (error as DocumentError).reason;
};
