/**
 * Parsers for the kernel's route dumps in /proc: /proc/net/route (IPv4 main table), /proc/net/fib_trie (the
 * IPv4 local table's LOCAL and BROADCAST routes, which /proc/net/route leaves out) and /proc/net/ipv6_route (every
 * IPv6 route). osquery asks netlink (RTM_GETROUTE dump) instead; the fields map as documented in routes.ts.
 */
import { decodeNetworkOrderIpv6, decodeRouteIpv4 } from '../lib/net-address.js';

export interface KernelRoute {
  family: 4 | 6;
  destination: string;
  prefix: number;
  gateway: string | undefined;
  interface: string | undefined;
  metric: number;
  mtu: number;
  /** rtm_type as osquery names it. */
  type: 'gateway' | 'local' | 'broadcast' | 'anycast' | 'other';
}

const RTF_GATEWAY = 0x2;
const RTF_REJECT = 0x200;
const RTF_ANYCAST = 0x00100000;
const RTF_LOCAL = 0x80000000;

export type BadLine = (reason: string) => void;

/** /proc/net/route: `Iface Destination Gateway Flags RefCnt Use Metric Mask MTU Window IRTT`, hex in host order. */
export function parseProcRoute(text: string, bad: BadLine): KernelRoute[] {
  const out: KernelRoute[] = [];
  const lines = text.split('\n').slice(1);
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    const f = line.trim().split(/\s+/);
    if (f.length < 11) return bad(`malformed line ${i + 2} in /proc/net/route`);
    const flags = Number.parseInt(f[3] ?? '0', 16);
    const mask = Number.parseInt(f[7] ?? '0', 16) >>> 0;
    out.push({
      family: 4,
      destination: decodeRouteIpv4(f[1] ?? ''),
      prefix: popcount(mask),
      gateway: flags & RTF_GATEWAY ? decodeRouteIpv4(f[2] ?? '') : undefined,
      interface: f[0] === '*' ? undefined : f[0],
      metric: Number(f[6] ?? 0),
      mtu: Number(f[8] ?? 0),
      type: flags & RTF_REJECT ? 'other' : 'gateway',
    });
  });
  return out;
}

/** LOCAL and BROADCAST leaves of /proc/net/fib_trie (deduplicated: main and local tables may share one trie). */
export function parseFibTrieLocal(
  text: string,
): Array<{ destination: string; prefix: number; type: 'local' | 'broadcast' }> {
  const seen = new Set<string>();
  const out: Array<{ destination: string; prefix: number; type: 'local' | 'broadcast' }> = [];
  let leaf = '';
  for (const line of text.split('\n')) {
    const leafMatch = /\|-- (\d+\.\d+\.\d+\.\d+)$/.exec(line);
    if (leafMatch) {
      leaf = leafMatch[1] ?? '';
      continue;
    }
    const route = /^\s+\/(\d+) \S+ (LOCAL|BROADCAST)$/.exec(line);
    if (!route || leaf === '') continue;
    const key = `${leaf}/${route[1]}/${route[2]}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ destination: leaf, prefix: Number(route[1]), type: route[2] === 'LOCAL' ? 'local' : 'broadcast' });
  }
  return out;
}

/** /proc/net/ipv6_route: `dst dst_len src src_len gateway metric refcnt use flags iface`, network-order hex. */
export function parseIpv6Route(text: string, bad: BadLine): KernelRoute[] {
  const out: KernelRoute[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.trim() === '') return;
    const f = line.trim().split(/\s+/);
    if (f.length < 10) return bad(`malformed line ${i + 1} in /proc/net/ipv6_route`);
    const flags = Number.parseInt(f[8] ?? '0', 16) >>> 0;
    const metric = Number.parseInt(f[5] ?? '0', 16) >>> 0;
    const prefix = Number.parseInt(f[1] ?? '0', 16);
    // The kernel's ip6_null_entry (::/0 reject on lo, metric 0xffffffff) is never part of a netlink dump.
    if (prefix === 0 && flags & RTF_REJECT && metric === 0xffffffff) return;
    const gateway = decodeNetworkOrderIpv6(f[4] ?? '');
    const destination = decodeNetworkOrderIpv6(f[0] ?? '');
    out.push({
      family: 6,
      destination,
      prefix,
      gateway: gateway === '::' ? undefined : gateway,
      interface: f[9],
      metric,
      mtu: 0,
      type: ipv6Type(flags, destination),
    });
  });
  return out;
}

function ipv6Type(flags: number, destination: string): KernelRoute['type'] {
  if (flags & RTF_REJECT || destination.startsWith('ff')) return 'other'; // unreachable/prohibit, multicast
  if (flags & RTF_LOCAL) return 'local';
  if (flags & RTF_ANYCAST) return 'anycast';
  return 'gateway';
}

function popcount(n: number): number {
  let bits = 0;
  for (let m = n >>> 0; m !== 0; m >>>= 1) bits += m & 1;
  return bits;
}
