/**
 * interface_details, as osquery's genInterfaceDetails (tables/networking/posix/interfaces.cpp), read from
 * /sys/class/net/<if> instead of getifaddrs' AF_PACKET entries and ioctls: the same kernel values.
 *
 * - flags: the netlink ifi_flags osquery gets are dev->flags (sysfs `flags`) plus IFF_RUNNING / IFF_LOWER_UP /
 *   IFF_DORMANT, which the kernel derives from operstate, carrier and dormant (dev_get_flags); so do we.
 * - type: osquery passes the ARPHRD value through an unsigned char (INTEGER_FROM_UCHAR), so loopback (772) is 4;
 *   kept for compatibility.
 * - counters: osquery reads the 32-bit rtnl_link_stats and wraps at 4 GiB; sysfs gives the full 64-bit values.
 * - pci_slot: ethtool's bus_info (what osquery reads with ETHTOOL_GDRVINFO): the device's bus address, and for a
 *   virtio NIC its parent's (virtio_net reports the PCI function, 0000:00:03.0, not virtio2); '' without a device.
 */
import { readdirSync, realpathSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { QueryContext, Row } from '../../engine/spec.js';
import { readTextIfExists } from '../lib/read.js';

const SYS_NET = '/sys/class/net';
const IFF_UP = 0x1;
const IFF_RUNNING = 0x40;
const IFF_LOWER_UP = 0x10000;
const IFF_DORMANT = 0x20000;

const COUNTERS: ReadonlyArray<[string, string]> = [
  ['ipackets', 'rx_packets'],
  ['opackets', 'tx_packets'],
  ['ibytes', 'rx_bytes'],
  ['obytes', 'tx_bytes'],
  ['ierrors', 'rx_errors'],
  ['oerrors', 'tx_errors'],
  ['idrops', 'rx_dropped'],
  ['odrops', 'tx_dropped'],
  ['collisions', 'collisions'],
];

export function* genInterfaceDetails(ctx: QueryContext): Iterable<Row> {
  let names: string[];
  try {
    names = readdirSync(SYS_NET);
  } catch (err) {
    ctx.errors.skip(`cannot list ${SYS_NET}`, err);
    return;
  }
  const rows: Array<{ index: number; row: Row }> = [];
  for (const name of names) {
    try {
      const row = interfaceRow(ctx, name);
      if (row) rows.push({ index: Number(sysValue(name, 'ifindex') ?? 0), row });
    } catch (err) {
      ctx.errors.skip(`cannot read ${SYS_NET}/${name}`, err);
    }
  }
  // getifaddrs returns links in ifindex order.
  for (const { row } of rows.sort((a, b) => a.index - b.index)) yield row;
}

function interfaceRow(ctx: QueryContext, name: string): Row | null {
  const sysFlags = sysValue(name, 'flags');
  if (sysFlags === null) return null; // removed between readdir and now
  const row: Row = {
    interface: name,
    mac: sysValue(name, 'address') || '00:00:00:00:00:00',
    type: Number(sysValue(name, 'type') ?? 0) & 0xff,
    mtu: Number(sysValue(name, 'mtu') ?? 0),
    metric: 0, // SIOCGIFMETRIC always answers 0 on Linux
    flags: linkFlags(name, Number.parseInt(sysFlags, 16)),
    last_change: -1,
  };
  for (const [column, file] of COUNTERS) {
    if (ctx.used(column)) row[column] = Number(sysValue(name, `statistics/${file}`) ?? 0);
  }
  if (ctx.used('link_speed')) {
    const speed = Number(sysValue(name, 'speed') ?? -1);
    row.link_speed = Number.isFinite(speed) && speed > 0 ? speed : 0;
  }
  if (ctx.used('pci_slot')) row.pci_slot = busInfo(name);
  return row;
}

function linkFlags(name: string, flags: number): number {
  let out = flags & ~(IFF_RUNNING | IFF_LOWER_UP | IFF_DORMANT);
  if ((flags & IFF_UP) === 0) return out;
  const operstate = sysValue(name, 'operstate');
  if (operstate === 'up' || operstate === 'unknown') out |= IFF_RUNNING;
  if (sysValue(name, 'carrier') === '1') out |= IFF_LOWER_UP;
  if (sysValue(name, 'dormant') === '1') out |= IFF_DORMANT;
  return out;
}

function busInfo(name: string): string {
  let device: string;
  try {
    device = realpathSync(`${SYS_NET}/${name}/device`);
  } catch {
    return ''; // lo, bridges, ifb and other virtual links: ethtool's bus-info is empty
  }
  return /^virtio\d+$/.test(basename(device)) ? basename(dirname(device)) : basename(device);
}

/** A trimmed sysfs attribute; null when absent or unreadable (carrier of a down link answers EINVAL). */
function sysValue(name: string, attribute: string): string | null {
  try {
    return readTextIfExists(`${SYS_NET}/${name}/${attribute}`)?.trim() ?? null;
  } catch {
    return null;
  }
}
