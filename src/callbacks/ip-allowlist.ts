/**
 * An authenticator that accepts deliveries from listed addresses or CIDR ranges only. The
 * address is the connection's peer (`CallbackConnection.remoteAddress`, set by the adapter),
 * never a request header, so a sender cannot claim another address. Behind a proxy, pass the
 * address the proxy vouches for through the adapter instead.
 */
import { CallbackOptionsError } from "./errors.js";
import type { Authenticator } from "./options.js";

/** An address as bytes: 4 for IPv4, 16 for IPv6. */
type Address = Uint8Array;

function parseIpv4(text: string): Address | undefined {
  const parts = text.split(".");
  if (parts.length !== 4 || parts.some((part) => !/^\d{1,3}$/.test(part) || Number(part) > 255)) {
    return undefined;
  }
  return Uint8Array.from(parts, Number);
}

function parseGroups(text: string): number[] | undefined {
  if (text === "") return [];
  const groups = text.split(":");
  if (groups.some((group) => !/^[0-9a-fA-F]{1,4}$/.test(group))) return undefined;
  return groups.map((group) => Number.parseInt(group, 16));
}

function parseIpv6(text: string): Address | undefined {
  const lastColon = text.lastIndexOf(":");
  const last = text.slice(lastColon + 1);
  if (!last.includes(".")) return expand(text, []);
  // An embedded IPv4 address (RFC 4291 §2.2) fills the last two groups.
  const v4 = parseIpv4(last);
  if (!v4) return undefined;
  const [a = 0, b = 0, c = 0, d = 0] = v4;
  const head = text.slice(0, text.endsWith(`::${last}`) ? lastColon + 1 : lastColon);
  return expand(head, [(a << 8) | b, (c << 8) | d]);
}

function expand(head: string, tail: number[]): Address | undefined {
  const halves = head.split("::");
  if (halves.length > 2) return undefined;
  const left = parseGroups(halves[0] ?? "");
  const right = halves.length === 2 ? parseGroups(halves[1] ?? "") : [];
  if (!left || !right) return undefined;
  const known = left.length + right.length + tail.length;
  if (halves.length === 1 ? known !== 8 : known > 7) return undefined;
  const groups = [...left, ...new Array(8 - known).fill(0), ...right, ...tail];
  return Uint8Array.from(groups.flatMap((group) => [group >> 8, group & 0xff]));
}

/** Parses an IPv4 or IPv6 address (zone index ignored); IPv4-mapped IPv6 becomes IPv4. */
export function parseIpAddress(text: string): Address | undefined {
  const address = text.includes(":") ? parseIpv6(text.replace(/%.*$/, "")) : parseIpv4(text);
  const mapped = address?.length === 16 && address.subarray(0, 10).every((byte) => byte === 0);
  if (mapped && address[10] === 0xff && address[11] === 0xff) return address.slice(12);
  return address;
}

interface Range {
  bytes: Address;
  prefix: number;
}

function parseRange(text: string): Range {
  const [address = "", prefixText, extra] = text.trim().split("/");
  const bytes = parseIpAddress(address);
  const bits = (bytes?.length ?? 0) * 8;
  const prefix = prefixText === undefined ? bits : Number(prefixText);
  const validPrefix = prefixText === undefined || /^\d{1,3}$/.test(prefixText);
  if (!bytes || extra !== undefined || !validPrefix || prefix > bits) {
    throw new CallbackOptionsError(`not an IP address or CIDR range: ${JSON.stringify(text)}`);
  }
  return { bytes, prefix };
}

function inRange(address: Address, range: Range): boolean {
  if (address.length !== range.bytes.length) return false;
  for (let bit = 0; bit < range.prefix; bit += 8) {
    const mask = 0xff << (8 - Math.min(8, range.prefix - bit));
    const index = bit / 8;
    if ((((address[index] as number) ^ (range.bytes[index] as number)) & mask) !== 0) return false;
  }
  return true;
}

/**
 * Accepts deliveries whose peer address is in one of `ranges` (`"203.0.113.7"`,
 * `"198.51.100.0/24"`, `"2001:db8::/32"`). An IPv4 client seen as `::ffff:a.b.c.d` on a dual-stack
 * socket matches IPv4 entries. Without a known peer address every delivery is refused.
 * @example ipAllowlist(["203.0.113.0/24"])
 */
export function ipAllowlist(ranges: readonly string[]): Authenticator {
  if (!Array.isArray(ranges) || ranges.length === 0) {
    throw new CallbackOptionsError("ipAllowlist needs at least one address or range");
  }
  const parsed = ranges.map(parseRange);
  return (_request, { remoteAddress }) => {
    const address = typeof remoteAddress === "string" ? parseIpAddress(remoteAddress) : undefined;
    return address !== undefined && parsed.some((range) => inRange(address, range));
  };
}
