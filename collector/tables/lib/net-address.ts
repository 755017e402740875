/**
 * Address helpers for the network tables: decoding the hex addresses the kernel prints in /proc/net/*, and
 * formatting IPv6 the way glibc's inet_ntop does (osquery formats every address with inet_ntop), so Osprey's
 * strings compare equal to osquery's.
 */

/** Decodes an IPv4 address from /proc/net (8 hex digits, host byte order, little-endian here). */
export function decodeProcIpv4(hex: string): string {
  if (hex.length !== 8) return '';
  const n = Number.parseInt(hex, 16);
  if (!Number.isFinite(n)) return '';
  return [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff].join('.');
}

/**
 * Decodes an IPv6 address from /proc/net/{tcp6,udp6,…}: four 32-bit words, each printed as a host-order integer
 * (osquery's `sscanf("%8x%8x%8x%8x")` into s6_addr), so each word's bytes are reversed on little-endian hosts.
 */
export function decodeProcIpv6(hex: string): string {
  if (hex.length !== 32) return '';
  const bytes = new Uint8Array(16);
  for (let word = 0; word < 4; word++) {
    const n = Number.parseInt(hex.slice(word * 8, word * 8 + 8), 16);
    if (!Number.isFinite(n)) return '';
    bytes[word * 4] = n & 0xff;
    bytes[word * 4 + 1] = (n >>> 8) & 0xff;
    bytes[word * 4 + 2] = (n >>> 16) & 0xff;
    bytes[word * 4 + 3] = (n >>> 24) & 0xff;
  }
  return formatIpv6(bytes);
}

/** Decodes a 32-hex-digit IPv6 address in network order (/proc/net/ipv6_route, /proc/net/if_inet6). */
export function decodeNetworkOrderIpv6(hex: string): string {
  if (hex.length !== 32 || !/^[0-9a-fA-F]{32}$/.test(hex)) return '';
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 16; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return formatIpv6(bytes);
}

/** Decodes /proc/net/route's IPv4 fields (host byte order). */
export const decodeRouteIpv4 = decodeProcIpv4;

/**
 * Formats 16 bytes like glibc inet_ntop: lowercase hex without leading zeros, the longest run (>= 2) of zero words
 * as `::`, and the embedded dotted quad for IPv4-mapped (::ffff:a.b.c.d) and IPv4-compatible (::a.b.c.d) forms.
 */
export function formatIpv6(bytes: Uint8Array): string {
  const words: number[] = [];
  for (let i = 0; i < 8; i++) words.push(((bytes[i * 2] ?? 0) << 8) | (bytes[i * 2 + 1] ?? 0));
  const best = longestZeroRun(words);
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (best.len >= 2 && i >= best.base && i < best.base + best.len) {
      if (i === best.base) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    if (i === 6 && best.base === 0 && (best.len === 6 || (best.len === 5 && words[5] === 0xffff))) {
      out += `${bytes[12]}.${bytes[13]}.${bytes[14]}.${bytes[15]}`;
      return out;
    }
    out += (words[i] ?? 0).toString(16);
  }
  if (best.len >= 2 && best.base + best.len === 8) out += ':';
  return out;
}

function longestZeroRun(words: readonly number[]): { base: number; len: number } {
  let best = { base: -1, len: 0 };
  let cur = { base: -1, len: 0 };
  for (let i = 0; i < words.length; i++) {
    if (words[i] === 0) {
      cur = cur.base === -1 ? { base: i, len: 1 } : { base: cur.base, len: cur.len + 1 };
      if (cur.len > best.len) best = cur;
    } else {
      cur = { base: -1, len: 0 };
    }
  }
  return best;
}

/** Number of leading one bits in a dotted IPv4 mask ('255.255.255.0' -> 24), as osquery's netmaskFromIP. */
export function ipv4MaskLength(mask: number): number {
  let bits = 0;
  for (let m = mask >>> 0; m !== 0; m = (m << 1) >>> 0) bits++;
  return bits;
}

/** Dotted IPv4 mask for a prefix length (24 -> '255.255.255.0'). */
export function ipv4MaskFromPrefix(prefix: number): string {
  const n = prefix <= 0 ? 0 : (0xffffffff << (32 - Math.min(prefix, 32))) >>> 0;
  return [n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff].join('.');
}

/** IPv6 mask text for a prefix length (64 -> 'ffff:ffff:ffff:ffff::'), formatted by inet_ntop rules. */
export function ipv6MaskFromPrefix(prefix: number): string {
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 16; i++) {
    const bits = Math.max(0, Math.min(8, prefix - i * 8));
    bytes[i] = (0xff << (8 - bits)) & 0xff;
  }
  return formatIpv6(bytes);
}

/** Broadcast address of an IPv4 address and prefix ('10.0.0.5', 24 -> '10.0.0.255'). */
export function ipv4Broadcast(address: string, prefix: number): string {
  const parts = address.split('.').map(Number);
  if (parts.length !== 4) return '';
  const n = (((parts[0] ?? 0) << 24) | ((parts[1] ?? 0) << 16) | ((parts[2] ?? 0) << 8) | (parts[3] ?? 0)) >>> 0;
  const hostBits = prefix >= 32 ? 0 : (0xffffffff >>> prefix) >>> 0;
  const b = (n | hostBits) >>> 0;
  return [b >>> 24, (b >>> 16) & 0xff, (b >>> 8) & 0xff, b & 0xff].join('.');
}
