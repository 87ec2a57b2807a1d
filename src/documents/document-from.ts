/**
 * `documentFrom`: the `{ fileName, documentContent }` of a document body, from a file, bytes or
 * a stream, base64-encoded as it is read.
 */
import { SdkError } from "../core/errors.js";
import { createBase64Encoder } from "./base64.js";
import { DocumentError } from "./document-error.js";
import { extensionOf, sniffContentType, sniffLength, typeClaimedBy } from "./sniff.js";
import { type DocumentSource, openSource } from "./sources.js";

/**
 * The default size limit, 20 MiB. Inferred, not documented: the Partners Portal states no
 * limit. A document travels base64-encoded (4/3 of its size) inside a JSON body, and the common
 * server default for a request body, 30,000,000 bytes (ASP.NET Core's Kestrel and IIS; the API's
 * session JWT uses .NET-style claim names), leaves about 22.5 MB of file; 20 MiB is the round
 * number below that. Raise it with `maxBytes` if the bank confirms a larger limit.
 */
export const defaultMaxDocumentBytes = 20 * 1024 * 1024;

/** Options of `documentFrom`. */
export interface DocumentFromOptions {
  /** The name sent as `fileName`. @default the path's or File's name, else `document.<type>` */
  fileName?: string;
  /** Refuse sources larger than this many bytes. @default 20 MiB (inferred; see README) */
  maxBytes?: number;
}

/** The part of a Partners Portal document body that carries the file. */
export interface DocumentPart {
  fileName: string;
  /** The file's bytes in base64, as the API's `documentContent` wants them. */
  documentContent: string;
}

const tooLarge = (limit: number) =>
  new DocumentError("too-large", `The document is larger than maxBytes (${limit} bytes)`);

/**
 * Reads a document and returns the `fileName` and base64 `documentContent` of a Document Create
 * or Update body. The bytes are encoded chunk by chunk as they arrive, so a file is never held
 * twice; the content type is read from the first bytes. Throws `DocumentError` when the source
 * is empty, larger than `maxBytes`, or named as a type it is not (a `.pdf` holding a PNG).
 *
 * @example
 * const body = { documentTitle: "Recibo", documentTypeID: 4, ...(await documentFrom("recibo.pdf")) };
 */
export async function documentFrom(
  source: DocumentSource,
  options: DocumentFromOptions = {},
): Promise<DocumentPart> {
  const limit = options.maxBytes ?? defaultMaxDocumentBytes;
  if (!(limit > 0)) throw new SdkError(`maxBytes must be a positive number, not ${limit}`);
  const opened = await openSource(source);
  if (opened.size !== undefined && opened.size > limit) throw tooLarge(limit);

  const encoder = createBase64Encoder();
  // String concatenation builds a rope: the pieces are joined once, when the body is serialized.
  let documentContent = "";
  let head: Uint8Array = new Uint8Array(0);
  let size = 0;
  for await (const chunk of opened.chunks) {
    if (!(chunk instanceof Uint8Array)) {
      throw new DocumentError(
        "not-bytes",
        "The stream gave text, not bytes: do not set an encoding",
      );
    }
    size += chunk.byteLength;
    if (size > limit) throw tooLarge(limit); // leaving the loop ends the stream
    if (head.length < sniffLength) head = concat(head, chunk.subarray(0, sniffLength));
    documentContent += encoder.push(chunk);
  }
  documentContent += encoder.end();
  if (size === 0) throw new DocumentError("empty", "The document is empty (0 bytes)");
  return {
    fileName: nameFor(options.fileName ?? opened.name, sniffContentType(head)),
    documentContent,
  };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}

function nameFor(given: string | undefined, sniffed: string | undefined): string {
  if (given === undefined) {
    const extension = sniffed && extensionOf(sniffed);
    return extension ? `document.${extension}` : "document";
  }
  const claimed = typeClaimedBy(given);
  if (claimed && claimed !== sniffed) {
    throw new DocumentError(
      "type-mismatch",
      `${given} is named as ${claimed} but its bytes are ${sniffed ?? "of another type"}`,
    );
  }
  return given;
}
