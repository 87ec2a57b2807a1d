/**
 * A 20 MB file is encoded as it is read: memory grows by the base64 text being built and one
 * read buffer, not by the file plus its encoding, nor by read chunks waiting for the garbage
 * collector. Measured by sampling `process.memoryUsage()` every 2 ms while `documentFrom` runs
 * (heap plus external memory, which is where Node keeps file bytes), after a full collection.
 */
import { createHash } from "node:crypto";
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { afterAll, describe, expect, it } from "vitest";
import { documentFrom } from "../../src/documents/document-from.ts";

const fileBytes = 20_000_000;
const dir = mkdtempSync(join(tmpdir(), "document-memory-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Writes a 20 MB PDF-headed file 1 MB at a time, so the test itself never holds it. */
function writeLargePdf(): string {
  const path = join(dir, "large.pdf");
  const fd = openSync(path, "w");
  const block = Buffer.alloc(1_000_000);
  for (let i = 0; i < fileBytes / block.length; i++) {
    for (let j = 0; j < block.length; j += 4) block.writeUInt32LE((i * 7919 + j * 104729) >>> 0, j);
    if (i === 0) block.write("%PDF-1.7\n", 0, "latin1");
    writeSync(fd, block);
  }
  closeSync(fd);
  return path;
}

/** A full garbage collection, so that the baseline holds no garbage of earlier tests. */
function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

const used = () => {
  const m = process.memoryUsage();
  return { heapAndExternal: m.heapUsed + m.external, rss: m.rss };
};

describe("documentFrom on a 20 MB file", () => {
  it("streams the encoding with memory bounded by the base64 text it returns plus 2 MB", async () => {
    const path = writeLargePdf();
    collectGarbage();
    const before = used();
    const peak = { ...before };
    const sampler = setInterval(() => {
      const now = used();
      peak.heapAndExternal = Math.max(peak.heapAndExternal, now.heapAndExternal);
      peak.rss = Math.max(peak.rss, now.rss);
    }, 2);
    const part = await documentFrom(path, { maxBytes: 25 * 1024 * 1024 });
    clearInterval(sampler);
    const after = used();
    peak.heapAndExternal = Math.max(peak.heapAndExternal, after.heapAndExternal);
    peak.rss = Math.max(peak.rss, after.rss);

    const base64Length = Math.ceil(fileBytes / 3) * 4;
    const growth = peak.heapAndExternal - before.heapAndExternal;
    console.log(
      `documentFrom 20 MB: base64 ${(base64Length / 1e6).toFixed(1)} MB; peak heap+external growth ${(growth / 1e6).toFixed(1)} MB; peak RSS growth ${((peak.rss - before.rss) / 1e6).toFixed(1)} MB`,
    );
    expect(part.fileName).toBe("large.pdf");
    expect(part.documentContent.length).toBe(base64Length);
    // Reading the file whole and then encoding it needs the file (20 MB) and the text (26.7 MB)
    // at once, 46.7 MB; a read stream's chunks waiting for collection added 5 to 10 MB to the
    // text; one reused 192 KiB buffer adds next to nothing.
    expect(growth).toBeLessThan(base64Length + 2_000_000);

    const sha = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");
    expect(sha(Buffer.from(part.documentContent, "base64"))).toBe(sha(readFileSync(path)));
  });
});
