/**
 * Comparisons of secret material whose running time does not depend on where the inputs
 * differ, so a sender cannot guess a secret byte by byte from response times. Web Crypto only,
 * so it runs on every runtime the receiver supports.
 */

const encoder = new TextEncoder();

/** Whether two byte arrays are equal, reading every byte of both when their lengths match. */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= (a[i] as number) ^ (b[i] as number);
  return difference === 0;
}

async function sha256(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
}

/**
 * Whether `given` equals one of `expected`. Both sides are hashed first, so the comparison
 * always covers 32 bytes and leaks neither the secrets' lengths nor which of them matched:
 * every candidate is compared, even after a match.
 */
export async function matchesAnySecret(
  given: string,
  expected: readonly string[],
): Promise<boolean> {
  const givenHash = await sha256(given);
  const hashes = await Promise.all(expected.map(sha256));
  let matched = false;
  for (const hash of hashes) matched = bytesEqual(givenHash, hash) || matched;
  return matched;
}
