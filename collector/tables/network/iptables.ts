/**
 * iptables. osquery reads the rules with libiptc: for each table in /proc/net/ip_tables_names it calls
 * iptc_init(), which fetches the kernel's rule blob with getsockopt(IPT_SO_GET_INFO / IPT_SO_GET_ENTRIES) on a raw
 * IPv4 socket, and reports one row per rule (target, protocol, addresses, masks, interfaces, tcp/udp ports, match
 * names, packet and byte counters) plus one row for each rule-less chain with its policy.
 *
 * That getsockopt needs a raw socket, which Node cannot open, and the rules are not exposed anywhere in /proc or
 * /sys. So Osprey reads /proc/net/ip_tables_names and, for each legacy iptables table the kernel has loaded,
 * counts a skip ("rules need libiptc") instead of inventing rows: the query succeeds with no rows, and the skip
 * count and debug log say why. Rules managed through nftables (iptables-nft, the Debian/RHEL default) never
 * appear in ip_tables_names, for osquery either.
 */
import type { QueryContext, Row } from '../../engine/spec.js';
import { readTextIfExists } from '../lib/read.js';

export function* genIptables(ctx: QueryContext): Iterable<Row> {
  let names: string | null;
  try {
    names = readTextIfExists('/proc/net/ip_tables_names');
  } catch (err) {
    ctx.errors.skip('cannot read /proc/net/ip_tables_names', err);
    return;
  }
  for (const table of loadedTables(names ?? '')) {
    ctx.errors.skip(`iptables table ${table}: rules are only readable through libiptc (getsockopt IPT_SO_GET_ENTRIES)`);
  }
  yield* [];
}

/** The names listed in /proc/net/ip_tables_names, one per line. */
export function loadedTables(text: string): string[] {
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => /^[a-z0-9_]+$/.test(l));
}
