/** osquery's `interface_ipv6` table (spec specs/posix/interface_ipv6.table, implementation networking/interface_ip@genInterfaceIpv6). */
import { col, defineTable } from '../../engine/spec.js';
import { genInterfaceIpv6 } from './interface_ipv6.js';

export default defineTable({
  name: 'interface_ipv6',
  description: 'IPv6 configuration and stats of network interfaces.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('interface', 'TEXT', 'Interface name'),
    col('hop_limit', 'INTEGER', 'Current Hop Limit'),
    col('forwarding_enabled', 'INTEGER', 'Enable IP forwarding'),
    col('redirect_accept', 'INTEGER', 'Accept ICMP redirect messages'),
    col('rtadv_accept', 'INTEGER', 'Accept ICMP Router Advertisement'),
  ],
  generate: genInterfaceIpv6,
});
