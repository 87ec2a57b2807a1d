/**
 * Base64 (RFC 4648 §4) without holding a whole file twice: the encoder takes chunks of any size
 * and encodes each run of whole three-byte groups at once, carrying the one or two bytes left
 * over into the next chunk, so the output is the same as encoding the file in one go. It uses
 * Node's Buffer when there is one and `btoa`/`atob` elsewhere.
 */

const NodeBuffer = (globalThis as { Buffer?: typeof Buffer }).Buffer;

/** Base64 of some bytes. */
export function encodeBase64(bytes: Uint8Array): string {
  if (NodeBuffer)
    return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("base64");
  let text = "";
  // String.fromCharCode takes its bytes as arguments: stay well below engines' argument limits.
  for (let i = 0; i < bytes.length; i += 0x8000) {
    text += btoa(String.fromCharCode(...bytes.subarray(i, i + 0x8000)));
  }
  return text;
}

/** The bytes of a base64 text that `isBase64` accepted. */
export function decodeBase64(text: string): Uint8Array {
  if (NodeBuffer) return NodeBuffer.from(text, "base64");
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Whether a text is canonical-alphabet base64 with correct padding. */
export const isBase64 = (text: string) =>
  text.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(text);

/** A streaming encoder: `push` each chunk, then `end`; concatenated, the pieces are the base64. */
export function createBase64Encoder(): { push(chunk: Uint8Array): string; end(): string } {
  let carry = new Uint8Array(0);
  return {
    push(chunk) {
      let text = "";
      let start = 0;
      if (carry.length > 0) {
        const needed = 3 - carry.length;
        const joined = new Uint8Array(carry.length + Math.min(needed, chunk.length));
        joined.set(carry);
        joined.set(chunk.subarray(0, needed), carry.length);
        if (joined.length < 3) {
          carry = joined;
          return "";
        }
        text = encodeBase64(joined);
        start = needed;
      }
      const end = start + Math.floor((chunk.length - start) / 3) * 3;
      text += encodeBase64(chunk.subarray(start, end));
      carry = chunk.slice(end);
      return text;
    },
    end() {
      const text = encodeBase64(carry);
      carry = new Uint8Array(0);
      return text;
    },
  };
}
