/**
 * The ESIS (the EU's European Standardised Information Sheet, a PDF) arrives as base64 in the
 * `esis` field of Process ESIS Get and Simulation ESIS Get. These turn it into bytes or a file
 * and check on the way that it really is a PDF (ISO 32000-1 §7.5.2: a PDF starts with `%PDF-`).
 */
import { decodeBase64, isBase64 } from "./base64.js";
import { DocumentError } from "./document-error.js";
import { loadNodeModule } from "./node-module.js";
import { sniffContentType } from "./sniff.js";

/** An ESIS response (`{ esis }`) or its `esis` string. */
export type EsisSource = { esis: string } | string;

/**
 * The ESIS as PDF bytes. Line breaks in the base64 and a `data:…;base64,` prefix are tolerated;
 * anything else that is not base64, or bytes that are not a PDF, throw `DocumentError`.
 *
 * @example
 * const pdf = esisBytes(await unwrap(client.GET("/v1/processes/{processUniqueId}/esis", init)));
 */
export function esisBytes(esis: EsisSource): Uint8Array {
  const raw = typeof esis === "string" ? esis : esis?.esis;
  if (typeof raw !== "string") throw new DocumentError("not-base64", "The ESIS has no base64 text");
  const text = raw.replace(/^data:[^,]*;base64,/, "").replace(/[\r\n]/g, "");
  if (text === "") throw new DocumentError("empty", "The ESIS is empty");
  if (!isBase64(text)) throw new DocumentError("not-base64", "The ESIS is not valid base64");
  const bytes = decodeBase64(text);
  if (sniffContentType(bytes) !== "application/pdf") {
    throw new DocumentError("not-pdf", "The ESIS is not a PDF (it does not start with %PDF-)");
  }
  return bytes;
}

/**
 * Writes the ESIS to a PDF file (Node only) and returns the path and the number of bytes
 * written. The bytes are checked as by `esisBytes` before the file is created.
 *
 * @example
 * await esisToFile(await unwrap(client.GET("/v1/simulations/{simulationUniqueId}/esis", init)), "esis.pdf");
 */
export async function esisToFile(
  esis: EsisSource,
  path: string | URL,
): Promise<{ path: string; byteLength: number }> {
  const bytes = esisBytes(esis);
  const { writeFile } = await loadNodeModule<typeof import("node:fs/promises")>("node:fs/promises");
  await writeFile(path, bytes);
  return {
    path: typeof path === "string" ? path : decodeURIComponent(path.pathname),
    byteLength: bytes.byteLength,
  };
}
