/**
 * Reads a request body up to a byte limit, and stops reading as soon as the limit is passed:
 * a sender cannot make the receiver buffer more than `maxBytes` (+ one chunk) of memory.
 */
import { BodyAlreadyReadError } from "./errors.js";

/** The body's bytes, or `"too-large"` once more than `maxBytes` arrived (the rest is not read). */
export async function readBody(
  request: Request,
  maxBytes: number,
): Promise<Uint8Array | "too-large"> {
  if (request.bodyUsed) throw new BodyAlreadyReadError();
  // A declared length past the limit is refused before reading anything.
  const declared = Number(request.headers.get("content-length") ?? 0);
  if (declared > maxBytes) {
    await request.body?.cancel().catch(() => {});
    return "too-large";
  }
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      return "too-large";
    }
    chunks.push(value);
  }
  return concat(chunks, total);
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  if (chunks.length === 1) return chunks[0] as Uint8Array;
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}
