/**
 * The key under which a delivery is de-duplicated. The bank's retries of one notification must
 * map to one key: a delivery id when one is known, else a SHA-256 of the exact bytes received
 * (a retry is assumed to resend the same bytes: inferred, the bank's retry format is not documented).
 */

/** Hex SHA-256 of `bytes` (Web Crypto). */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  // The copy gives Web Crypto the plain ArrayBuffer-backed view its types ask for.
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new Uint8Array(bytes)));
  let hex = "";
  for (const byte of digest) hex += byte.toString(16).padStart(2, "0");
  return hex;
}

/** `id:<delivery id>` when `id` is a non-empty string, else `sha256:<hash of the raw body>`. */
export async function deliveryKeyOf(id: string | undefined, rawBody: Uint8Array): Promise<string> {
  if (typeof id === "string" && id !== "") return `id:${id}`;
  return `sha256:${await sha256Hex(rawBody)}`;
}
