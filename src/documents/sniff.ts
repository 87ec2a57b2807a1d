/**
 * The content type of a file from its first bytes ("magic numbers"), as the WHATWG MIME Sniffing
 * standard (§6.1, image type patterns) and each format's own definition give them: PDF's header
 * `%PDF-` (ISO 32000-1 §7.5.2), JPEG's SOI marker FF D8 followed by another marker (ITU-T T.81
 * B.1.1.2), PNG's eight-byte signature (PNG specification §5.2), TIFF's byte-order header `II*\0`
 * or `MM\0*` (TIFF 6.0 §2), and GIF's `GIF87a`/`GIF89a`.
 */

interface Signature {
  type: string;
  /** File name extensions of the type, lowercase. */
  extensions: readonly string[];
  /** Byte patterns at offset 0; any one matches. */
  patterns: readonly (readonly number[])[];
}

const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0));

const signatures: readonly Signature[] = [
  { type: "application/pdf", extensions: ["pdf"], patterns: [ascii("%PDF-")] },
  { type: "image/jpeg", extensions: ["jpg", "jpeg"], patterns: [[0xff, 0xd8, 0xff]] },
  {
    type: "image/png",
    extensions: ["png"],
    patterns: [[0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]],
  },
  {
    type: "image/tiff",
    extensions: ["tif", "tiff"],
    patterns: [
      [0x49, 0x49, 0x2a, 0x00],
      [0x4d, 0x4d, 0x00, 0x2a],
    ],
  },
  { type: "image/gif", extensions: ["gif"], patterns: [ascii("GIF87a"), ascii("GIF89a")] },
];

/** How many leading bytes `sniffContentType` needs at most. */
export const sniffLength = 8;

const matches = (bytes: Uint8Array, pattern: readonly number[]) =>
  pattern.length <= bytes.length && pattern.every((byte, i) => bytes[i] === byte);

/**
 * The content type the first bytes of a file show (PDF, JPEG, PNG, TIFF or GIF), or undefined
 * for anything else.
 *
 * @example
 * sniffContentType(new TextEncoder().encode("%PDF-1.7")); // "application/pdf"
 */
export function sniffContentType(bytes: Uint8Array): string | undefined {
  return signatures.find((s) => s.patterns.some((p) => matches(bytes, p)))?.type;
}

/** The usual extension of a sniffed type ("pdf", "jpg", …). */
export function extensionOf(type: string): string | undefined {
  return signatures.find((s) => s.type === type)?.extensions[0];
}

/** The type a known extension claims ("jpeg" → image/jpeg), or undefined for other extensions. */
export function typeClaimedBy(fileName: string): string | undefined {
  const extension = /\.([^./\\]+)$/.exec(fileName)?.[1]?.toLowerCase();
  return signatures.find((s) => extension && s.extensions.includes(extension))?.type;
}
