/**
 * Routes from a NETLINK_ROUTE RTM_GETROUTE dump (the native addon's rtnetlinkDump), read as osquery's
 * genNetlinkRoutes reads them: rtmsg (family, dst_len, table, type, flags) and its attributes RTA_DST, RTA_GATEWAY,
 * RTA_PREFSRC (the route's preferred source, which /proc does not show), RTA_OIF, RTA_PRIORITY and RTA_METRICS
 * (RTAX_MTU, RTAX_HOPLIMIT). Every table is dumped, policy-routing tables included.
 */
import { readdirSync } from 'node:fs';
import { optionalAddonExport } from '../../engine/native.js';
import { formatIpv6 } from '../lib/net-address.js';
import { readTextIfExists } from '../lib/read.js';
import type { KernelRoute } from './route-sources.js';

const RTM_GETROUTE = 26;
const AF_UNSPEC = 0;
const AF_INET = 2;
const RTMSG_SIZE = 12;
const RTA = { DST: 1, OIF: 4, GATEWAY: 5, PRIORITY: 6, PREFSRC: 7, METRICS: 8 } as const;
const RTAX_MTU = 2;
const RTAX_HOPLIMIT = 10;
const RTN_TYPES: Record<number, KernelRoute['type']> = { 1: 'gateway', 2: 'local', 3: 'broadcast', 4: 'anycast' };

export interface NetlinkRoute extends KernelRoute {
  source: string | undefined;
  flags: number;
  hopcount: number;
}

type Dump = (type: number, family: number) => Buffer[];

/** The addon's dump function, or undefined when the built addon predates it (routes then come from /proc). */
function dumpFunction(): Dump | undefined {
  return optionalAddonExport<Dump>('rtnetlinkDump');
}

/** Every route of every table, or undefined when netlink cannot be asked. */
export function netlinkRoutes(): NetlinkRoute[] | undefined {
  const dump = dumpFunction();
  if (dump === undefined) return undefined;
  const names = interfaceNames();
  return dump(RTM_GETROUTE, AF_UNSPEC).flatMap((payload) => {
    const route = parseRouteMessage(payload, names);
    return route === undefined ? [] : [route];
  });
}

/** One RTM_NEWROUTE payload (rtmsg and attributes); undefined for a family other than IPv4/IPv6. */
export function parseRouteMessage(payload: Buffer, names: ReadonlyMap<number, string>): NetlinkRoute | undefined {
  if (payload.length < RTMSG_SIZE) return undefined;
  const familyCode = payload.readUInt8(0);
  if (familyCode !== AF_INET && familyCode !== 10) return undefined;
  const family = familyCode === AF_INET ? 4 : 6;
  const route: NetlinkRoute = {
    family,
    destination: family === 4 ? '0.0.0.0' : '::',
    prefix: payload.readUInt8(1),
    gateway: undefined,
    interface: undefined,
    metric: 0,
    mtu: 0,
    type: RTN_TYPES[payload.readUInt8(7)] ?? 'other',
    source: undefined,
    flags: payload.readUInt32LE(8),
    hopcount: 0,
  };
  for (const [type, data] of attributes(payload, RTMSG_SIZE)) {
    if (type === RTA.DST) route.destination = address(data);
    else if (type === RTA.GATEWAY) route.gateway = address(data);
    else if (type === RTA.PREFSRC) route.source = address(data);
    else if (type === RTA.OIF && data.length >= 4) route.interface = names.get(data.readInt32LE(0));
    else if (type === RTA.PRIORITY && data.length >= 4) route.metric = data.readUInt32LE(0);
    else if (type === RTA.METRICS) {
      for (const [metric, value] of attributes(data, 0)) {
        if (value.length < 4) continue;
        if (metric === RTAX_MTU) route.mtu = value.readUInt32LE(0);
        if (metric === RTAX_HOPLIMIT) route.hopcount = value.readUInt32LE(0);
      }
    }
  }
  return route;
}

/** rtattr list: 2-byte length (header included), 2-byte type, data, padded to 4 bytes. */
function* attributes(buffer: Buffer, offset: number): Iterable<[number, Buffer]> {
  let at = offset;
  while (at + 4 <= buffer.length) {
    const length = buffer.readUInt16LE(at);
    if (length < 4 || at + length > buffer.length) return;
    yield [buffer.readUInt16LE(at + 2) & 0x3fff, buffer.subarray(at + 4, at + length)];
    at += (length + 3) & ~3;
  }
}

function address(data: Buffer): string {
  if (data.length === 4) return [...data].join('.');
  return data.length === 16 ? formatIpv6(data) : '';
}

/** ifindex -> name from /sys/class/net (if_indextoname's answer). */
function interfaceNames(): Map<number, string> {
  const names = new Map<number, string>();
  let entries: string[] = [];
  try {
    entries = readdirSync('/sys/class/net');
  } catch {
    return names;
  }
  for (const name of entries) {
    try {
      const index = Number(readTextIfExists(`/sys/class/net/${name}/ifindex`)?.trim());
      if (Number.isInteger(index)) names.set(index, name);
    } catch {
      // A link that went away while listing.
    }
  }
  return names;
}
