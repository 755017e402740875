/**
 * interface_addresses, as osquery's genInterfaceAddresses (tables/networking/posix/interfaces.cpp): one row per
 * IPv4/IPv6 address from getifaddrs(3). Node's os.networkInterfaces() is libuv's getifaddrs wrapper, so the
 * addresses and masks come from the same call osquery makes, formatted by inet_ntop rules.
 *
 * getifaddrs also returns the broadcast (IFA_BROADCAST) or peer address, which libuv drops. osquery puts that
 * destination in `broadcast` on IFF_BROADCAST interfaces and in `point_to_point` on the others. The broadcast is
 * computed from address and prefix (what `ip addr add … brd +` and DHCP clients configure). On other interfaces an
 * IPv4 address's destination is its IFA_ADDRESS, which glibc's getifaddrs moves there because the kernel also sends
 * IFA_LOCAL: the address itself (127.0.0.1 on lo), or the peer when one was configured, which needs netlink and is
 * not seen here. IPv6 addresses have no destination. Link-local IPv6 addresses carry `%<interface>`, as osquery's
 * getnameinfo(NI_NUMERICHOST) prints a scoped address. `type` is 'unknown', as osquery reports on Linux.
 */
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import type { QueryContext, Row } from '../../engine/spec.js';
import { ipv4Broadcast } from '../lib/net-address.js';
import { readTextIfExists } from '../lib/read.js';

const IFF_BROADCAST = 0x2;

export function* genInterfaceAddresses(ctx: QueryContext): Iterable<Row> {
  const wantDestination = ctx.used('broadcast') || ctx.used('point_to_point');
  const all = Object.entries(networkInterfaces());
  // getifaddrs lists every IPv4 address before the IPv6 ones; keep that order.
  for (const family of ['IPv4', 'IPv6']) {
    for (const [name, addresses] of all) {
      const broadcastCapable = wantDestination && family === 'IPv4' && hasFlag(ctx, name, IFF_BROADCAST);
      for (const a of addresses ?? []) {
        if (a.family !== family) continue;
        const prefix = Number(a.cidr?.split('/')[1] ?? NaN);
        const row: Row = { interface: name, address: scopedAddress(a, name), mask: a.netmask, type: 'unknown' };
        if (wantDestination && family === 'IPv4') {
          if (!broadcastCapable) row.point_to_point = a.address;
          else if (Number.isFinite(prefix)) row.broadcast = ipv4Broadcast(a.address, prefix);
        }
        yield row;
      }
    }
  }
}

/** getnameinfo's numeric form: a link-local IPv6 address (fe80::/10) with its scope, `fe80::1%eth0`. */
function scopedAddress(a: NetworkInterfaceInfo, name: string): string {
  if (a.family !== 'IPv6' || !a.scopeid || !/^fe[89ab]/i.test(a.address)) return a.address;
  return `${a.address}%${name}`;
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
