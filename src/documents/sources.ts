/**
 * Every kind of document source as one thing: a name when the source has one, a size when it is
 * known up front, and its bytes as chunks. Only a file path needs Node; `node:fs` is imported
 * when a path is given, so the rest works wherever Blob and ReadableStream exist.
 */
import { DocumentError } from "./document-error.js";
import { loadNodeModule } from "./node-module.js";

/**
 * What `documentFrom` reads: a file path (string or `file:` URL), bytes (`Uint8Array`, which
 * includes Node's `Buffer`, or `ArrayBuffer`), a `Blob` or `File`, a web `ReadableStream`, or any
 * async iterable of bytes such as a Node `Readable` (`fs.createReadStream`, an HTTP response).
 */
export type DocumentSource =
  | string
  | URL
  | Uint8Array
  | ArrayBuffer
  | Blob
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array>;

/** A source ready to read. */
export interface OpenedSource {
  /** The file name the source carries (a path's last segment, a File's name). */
  name?: string;
  /** The size when known before reading. */
  size?: number;
  /** The bytes; a chunk may be reused for the next one, so use it before asking for more. */
  chunks: AsyncIterable<Uint8Array | string>;
}

const lastSegment = (path: string) => path.split(/[/\\]/).pop() || undefined;

async function* once(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield bytes;
}

/** Reads a web stream with a reader, which every platform has (async iteration is newer). */
async function* readerChunks(stream: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (let next = await reader.read(); !next.done; next = await reader.read()) yield next.value;
  } finally {
    // Cancelling on an early exit (too large, a type refused) stops the producer at once.
    await reader.cancel().catch(() => undefined);
  }
}

/** 192 KiB: base64 pieces of 256 KiB, which V8 keeps in its large-object space, never copied. */
const readBufferBytes = 3 * 65_536;

const unreadable = (path: string | URL, error: unknown) =>
  new DocumentError("unreadable", `Cannot read ${String(path)}: ${(error as Error).message}`, {
    cause: error,
  });

/**
 * A file's bytes through one reused buffer. A read stream allocates a new chunk per read, and
 * those chunks linger until the garbage collector runs: with a 20 MB file that was 5 to 10 MB
 * more at the peak than the base64 text being built. Its size is a multiple of 3, so each chunk
 * encodes to base64 whole. Each chunk is valid only until the next is asked for. The file is
 * opened on the first read, so a source refused before reading leaves nothing open.
 */
async function* fileChunks(fs: typeof import("node:fs"), path: string | URL) {
  const file = await fs.promises.open(path, "r").catch((error: unknown) => {
    throw unreadable(path, error);
  });
  const buffer = new Uint8Array(readBufferBytes);
  try {
    for (;;) {
      const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await file.close();
  }
}

async function openPath(path: string | URL): Promise<OpenedSource> {
  const fs = await loadNodeModule<typeof import("node:fs")>("node:fs");
  const name = lastSegment(typeof path === "string" ? path : decodeURIComponent(path.pathname));
  try {
    const stats = await fs.promises.stat(path);
    if (!stats.isFile()) throw new Error("not a regular file");
    return { ...(name ? { name } : {}), size: stats.size, chunks: fileChunks(fs, path) };
  } catch (error) {
    throw unreadable(path, error);
  }
}

/** Opens any `DocumentSource`; a path is checked (exists, is a file) before anything is read. */
export async function openSource(source: DocumentSource): Promise<OpenedSource> {
  if (typeof source === "string" || source instanceof URL) return openPath(source);
  if (source instanceof Uint8Array) return { size: source.byteLength, chunks: once(source) };
  if (source instanceof ArrayBuffer) {
    return { size: source.byteLength, chunks: once(new Uint8Array(source)) };
  }
  if (typeof Blob !== "undefined" && source instanceof Blob) {
    const name = (source as { name?: unknown }).name;
    const named = typeof name === "string" && name ? { name } : {};
    return { ...named, size: source.size, chunks: readerChunks(source.stream()) };
  }
  if (typeof (source as ReadableStream).getReader === "function") {
    return { chunks: readerChunks(source as ReadableStream<Uint8Array>) };
  }
  if (typeof (source as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === "function") {
    // A Node fs.ReadStream knows its path.
    const path = (source as { path?: unknown }).path;
    const name = typeof path === "string" ? lastSegment(path) : undefined;
    return { ...(name ? { name } : {}), chunks: source as AsyncIterable<Uint8Array> };
  }
  throw new DocumentError("not-bytes", "documentFrom takes a path, bytes, a Blob or a stream");
}
