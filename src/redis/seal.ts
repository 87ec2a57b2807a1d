/**
 * How a value is written to Redis: `<digest>.<kind>.<body>`. The digest identifies the value
 * (its canonical JSON), so compare-and-set compares digests inside Redis, even though an
 * encrypted body differs on every write (a random IV). Without a key the body is the JSON and
 * the digest its SHA-256; with `encryptionKey` the body is AES-256-GCM ciphertext, bound to its
 * Redis key as associated data, and the digest an HMAC-SHA256, so neither reveals the value nor
 * lets anyone without the key test a guess against it.
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  hkdfSync,
  randomBytes,
} from "node:crypto";
import { SdkError } from "../core/errors.js";

export interface Seal<T> {
  /** The stored form of `value`. */
  encode(value: T): string;
  /** The value of a stored string, or undefined when it is not one this seal wrote. */
  decode(stored: string): T | undefined;
  /** The digest `encode` puts in front: what compare-and-set compares. */
  digest(value: T): string;
}

/** Length of a base64url SHA-256 or HMAC-SHA256 digest. */
export const digestLength = 43;

/** JSON with object keys sorted (and `undefined` fields dropped, as JSON does): one text per value. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, field: unknown) => {
    if (field === null || typeof field !== "object" || Array.isArray(field)) return field;
    const entries = Object.entries(field).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries);
  });
}

/** The 32 key bytes of `encryptionKey`: raw bytes, or base64, base64url or hex text. */
export function keyBytes(encryptionKey: string | Uint8Array): Buffer {
  const bytes =
    typeof encryptionKey === "string"
      ? Buffer.from(encryptionKey, /^[0-9a-f]{64}$/i.test(encryptionKey) ? "hex" : "base64")
      : Buffer.from(encryptionKey);
  if (bytes.length !== 32)
    throw new SdkError(
      "encryptionKey must be 32 bytes: a Uint8Array, or a base64 or hex string of 32 bytes",
    );
  return bytes;
}

const derive = (key: Buffer, purpose: string) =>
  Buffer.from(hkdfSync("sha256", key, "bctt-cesce-sdk/redis", purpose, 32));

/** A seal for values stored at `redisKey`; encrypting when `encryptionKey` is given. */
export function createSeal<T>(redisKey: string, encryptionKey?: string | Uint8Array): Seal<T> {
  const keys = encryptionKey === undefined ? undefined : keyBytes(encryptionKey);
  const cipherKey = keys && derive(keys, "aes-256-gcm");
  const macKey = keys && derive(keys, "hmac-sha256");
  const digestOf = (json: string) =>
    (macKey ? createHmac("sha256", macKey) : createHash("sha256")).update(json).digest("base64url");

  function seal(json: string): string {
    if (!cipherKey) return `json.${json}`;
    const iv = randomBytes(12);
    const cipher = createCipheriv("aes-256-gcm", cipherKey, iv).setAAD(Buffer.from(redisKey));
    const body = Buffer.concat([cipher.update(json, "utf8"), cipher.final()]);
    return `aes256gcm.${Buffer.concat([iv, cipher.getAuthTag(), body]).toString("base64url")}`;
  }

  function open(sealed: string): string | undefined {
    const dot = sealed.indexOf(".");
    const kind = sealed.slice(0, dot);
    const body = sealed.slice(dot + 1);
    if (!cipherKey) return kind === "json" ? body : undefined;
    if (kind !== "aes256gcm") return undefined;
    const bytes = Buffer.from(body, "base64url");
    try {
      const decipher = createDecipheriv("aes-256-gcm", cipherKey, bytes.subarray(0, 12))
        .setAAD(Buffer.from(redisKey))
        .setAuthTag(bytes.subarray(12, 28));
      return Buffer.concat([decipher.update(bytes.subarray(28)), decipher.final()]).toString(
        "utf8",
      );
    } catch {
      return undefined; // another key, or tampered with
    }
  }

  return {
    digest: (value) => digestOf(canonicalJson(value)),
    encode(value) {
      const json = canonicalJson(value);
      return `${digestOf(json)}.${seal(json)}`;
    },
    decode(stored) {
      if (stored.length < digestLength + 2 || stored[digestLength] !== ".") return undefined;
      const json = open(stored.slice(digestLength + 1));
      // The digest must belong to the value, or compare-and-set would compare the wrong thing.
      if (json === undefined || digestOf(json) !== stored.slice(0, digestLength)) return undefined;
      try {
        return JSON.parse(json) as T;
      } catch {
        return undefined;
      }
    },
  };
}
