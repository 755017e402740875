import { col, defineTable } from '../../engine/spec.js';
import { genLxdNetworks } from './lxd_networks.js';

export default defineTable({
  name: 'lxd_networks',
  description: 'LXD network information.',
  platforms: ['linux'],
  columns: [
    col('name', 'TEXT', 'Name of the network'),
    col('type', 'TEXT', 'Type of network'),
    col('managed', 'INTEGER', '1 if network created by LXD, 0 otherwise'),
    col('ipv4_address', 'TEXT', 'IPv4 address'),
    col('ipv6_address', 'TEXT', 'IPv6 address'),
    col('used_by', 'TEXT', 'URLs for containers using this network'),
    col('bytes_received', 'BIGINT', 'Number of bytes received on this network'),
    col('bytes_sent', 'BIGINT', 'Number of bytes sent on this network'),
    col('packets_received', 'BIGINT', 'Number of packets received on this network'),
    col('packets_sent', 'BIGINT', 'Number of packets sent on this network'),
    col('hwaddr', 'TEXT', 'Hardware address for this network'),
    col('state', 'TEXT', 'Network status'),
    col('mtu', 'INTEGER', 'MTU size'),
  ],
  examples: ['select * from lxd_networks'],
  generate: genLxdNetworks,
});
