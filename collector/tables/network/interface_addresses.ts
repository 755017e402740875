/**
 * interface_addresses, as osquery's genInterfaceAddresses (tables/networking/posix/interfaces.cpp): one row per
 * IPv4/IPv6 address from getifaddrs(3). Node's os.networkInterfaces() is libuv's getifaddrs wrapper, so the
 * addresses and masks come from the same call osquery makes, formatted by inet_ntop rules.
 *
 * getifaddrs also returns the broadcast (IFA_BROADCAST) or peer address, which libuv drops. The broadcast is
 * computed from address and prefix for IPv4 addresses on IFF_BROADCAST interfaces (what `ip addr add … brd +` and
 * DHCP clients configure); a non-standard broadcast and point-to-point peers are not visible without netlink, so
 * point_to_point stays NULL. `type` is 'unknown', as osquery reports on Linux.
 */
import { networkInterfaces } from 'node:os';
import type { QueryContext, Row } from '../../engine/spec.js';
import { ipv4Broadcast } from '../lib/net-address.js';
import { readTextIfExists } from '../lib/read.js';

const IFF_BROADCAST = 0x2;

export function* genInterfaceAddresses(ctx: QueryContext): Iterable<Row> {
  const wantBroadcast = ctx.used('broadcast');
  const all = Object.entries(networkInterfaces());
  // getifaddrs lists every IPv4 address before the IPv6 ones; keep that order.
  for (const family of ['IPv4', 'IPv6']) {
    for (const [name, addresses] of all) {
      const broadcastCapable = wantBroadcast && family === 'IPv4' && hasFlag(ctx, name, IFF_BROADCAST);
      for (const a of addresses ?? []) {
        if (a.family !== family) continue;
        const prefix = Number(a.cidr?.split('/')[1] ?? NaN);
        yield {
          interface: name,
          address: a.address,
          mask: a.netmask,
          broadcast: broadcastCapable && Number.isFinite(prefix) ? ipv4Broadcast(a.address, prefix) : undefined,
          point_to_point: undefined,
          type: 'unknown',
        };
      }
    }
  }
}

function hasFlag(ctx: QueryContext, name: string, flag: number): boolean {
  try {
    const text = readTextIfExists(`/sys/class/net/${name}/flags`);
    return text !== null && (Number.parseInt(text.trim(), 16) & flag) !== 0;
  } catch (err) {
    ctx.errors.skip(`cannot read /sys/class/net/${name}/flags`, err);
    return false;
  }
}
