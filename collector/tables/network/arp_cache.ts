/**
 * arp_cache from /proc/net/arp (osquery's Linux genArpCache read the same file; newer releases ask netlink's
 * RTM_GETNEIGH, which adds IPv6 neighbours: those are not in /proc and are not reported here).
 * permanent is 1 for entries with ATF_PERM (static entries added with `ip neigh add … permanent`).
 */
import type { QueryContext, Row } from '../../engine/spec.js';
import { readTextIfExists } from '../lib/read.js';

const ATF_PERM = 0x4;

export function* genArpCache(ctx: QueryContext): Iterable<Row> {
  let text: string | null;
  try {
    text = readTextIfExists('/proc/net/arp');
  } catch (err) {
    ctx.errors.skip('cannot read /proc/net/arp', err);
    return;
  }
  if (text !== null) yield* parseArp(text, (reason) => ctx.errors.skip(reason));
}

/** `IP address  HW type  Flags  HW address  Mask  Device`, one entry a line after the header. */
export function parseArp(text: string, bad: (reason: string) => void): Row[] {
  const rows: Row[] = [];
  text
    .split('\n')
    .slice(1)
    .forEach((line, i) => {
      if (line.trim() === '') return;
      const f = line.trim().split(/\s+/);
      if (f.length !== 6) return bad(`malformed line ${i + 2} in /proc/net/arp`);
      rows.push({
        address: f[0],
        mac: f[3],
        interface: f[5],
        permanent: (Number.parseInt(f[2] ?? '0', 16) & ATF_PERM) !== 0 ? '1' : '0',
      });
    });
  return rows;
}
