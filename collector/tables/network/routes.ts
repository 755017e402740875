/**
 * routes, as osquery's genRoutes (tables/networking/linux/routes.cpp): an RTM_GETROUTE netlink dump
 * (netlink-routes.ts), which gives every table, each route's flags and its preferred source (RTA_PREFSRC).
 * When the native addon has no dump function (an addon built before it), the same kernel tables are read from /proc
 * (see route-sources.ts) with these mappings:
 * - type: RTN_UNICAST -> gateway, RTN_LOCAL -> local, RTN_BROADCAST -> broadcast, RTN_ANYCAST -> anycast, else other.
 * - netmask: the prefix length, except that osquery reports 0 for /32 and /128 destinations (kept).
 * - destination: 0.0.0.0 / :: for default routes.
 * - mtu/hopcount: RTAX_MTU / RTAX_HOPLIMIT, absent from /proc except IPv4's MTU column; 0 otherwise, as osquery.
 * Not visible in /proc: rtm_flags (reported 0, the usual value), the preferred source (RTA_PREFSRC) of main-table
 * routes (NULL), and routes of policy-routing tables other than main and local.
 * Local-table IPv4 routes come from fib_trie, which has no interface: each is attributed to the interface whose
 * address (or subnet/broadcast) it is, and gets that address as source, as the kernel's fib_add_ifaddr sets it.
 */
import { networkInterfaces } from 'node:os';
import type { QueryContext, Row } from '../../engine/spec.js';
import { readTextIfExists } from '../lib/read.js';
import { netlinkRoutes, type NetlinkRoute } from './netlink-routes.js';
import { parseFibTrieLocal, parseIpv6Route, parseProcRoute, type KernelRoute } from './route-sources.js';

export function* genRoutes(ctx: QueryContext): Iterable<Row> {
  let fromNetlink: NetlinkRoute[] | undefined;
  try {
    fromNetlink = netlinkRoutes();
  } catch (err) {
    ctx.errors.skip('netlink route dump failed; routes come from /proc', err);
  }
  if (fromNetlink !== undefined) {
    for (const r of fromNetlink) yield toRow(r);
    return;
  }
  const bad = (reason: string): void => ctx.errors.skip(reason);
  const routes: Array<KernelRoute & { source?: string }> = [];
  const v4 = read(ctx, '/proc/net/route');
  if (v4 !== null) routes.push(...parseProcRoute(v4, bad));
  const trie = read(ctx, '/proc/net/fib_trie');
  if (trie !== null) routes.push(...localRoutes(parseFibTrieLocal(trie)));
  const v6 = read(ctx, '/proc/net/ipv6_route');
  if (v6 !== null) routes.push(...parseIpv6Route(v6, bad));
  for (const r of routes) yield toRow(r);
}

function toRow(r: KernelRoute & { source?: string; flags?: number; hopcount?: number }): Row {
  const full = r.family === 4 ? 32 : 128;
  return {
    destination: r.prefix === 0 ? (r.family === 4 ? '0.0.0.0' : '::') : r.destination,
    netmask: r.prefix === full ? 0 : r.prefix,
    gateway: r.gateway,
    source: r.source,
    flags: r.flags ?? 0,
    interface: r.interface,
    mtu: r.mtu,
    metric: r.metric,
    type: r.type,
    hopcount: r.hopcount ?? 0,
  };
}

interface Ipv4Address {
  name: string;
  address: string;
  prefix: number;
}

function localRoutes(entries: ReturnType<typeof parseFibTrieLocal>): Array<KernelRoute & { source?: string }> {
  const addresses: Ipv4Address[] = [];
  for (const [name, list] of Object.entries(networkInterfaces())) {
    for (const a of list ?? []) {
      if (a.family === 'IPv4')
        addresses.push({ name, address: a.address, prefix: Number(a.cidr?.split('/')[1] ?? 32) });
    }
  }
  return entries.map((e) => {
    const owner = addresses.find((a) => ownsRoute(a, e.destination, e.prefix, e.type));
    return {
      family: 4 as const,
      destination: e.destination,
      prefix: e.prefix,
      gateway: undefined,
      interface: owner?.name,
      metric: 0,
      mtu: 0,
      type: e.type,
      source: owner?.address,
    };
  });
}

function ownsRoute(a: Ipv4Address, destination: string, prefix: number, type: 'local' | 'broadcast'): boolean {
  if (type === 'local' && prefix === 32) return a.address === destination;
  const bits = Math.min(a.prefix, prefix);
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return (ipv4ToInt(a.address) & mask) >>> 0 === (ipv4ToInt(destination) & mask) >>> 0;
}

function ipv4ToInt(address: string): number {
  return address.split('.').reduce((n, part) => ((n << 8) | Number(part)) >>> 0, 0);
}

function read(ctx: QueryContext, path: string): string | null {
  try {
    return readTextIfExists(path);
  } catch (err) {
    ctx.errors.skip(`cannot read ${path}`, err);
    return null;
  }
}
