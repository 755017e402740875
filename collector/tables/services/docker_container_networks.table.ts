import { col, defineTable } from '../../engine/spec.js';
import { genDockerContainerNetworks } from './docker_container_networks.js';

export default defineTable({
  name: 'docker_container_networks',
  description: 'Docker container networks.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('id', 'TEXT', 'Container ID', { index: true, collate: 'NOCASE' }),
    col('name', 'TEXT', 'Network name', { index: true }),
    col('network_id', 'TEXT', 'Network ID', { collate: 'NOCASE' }),
    col('endpoint_id', 'TEXT', 'Endpoint ID', { collate: 'NOCASE' }),
    col('gateway', 'TEXT', 'Gateway'),
    col('ip_address', 'TEXT', 'IP address'),
    col('ip_prefix_len', 'INTEGER', 'IP subnet prefix length'),
    col('ipv6_gateway', 'TEXT', 'IPv6 gateway'),
    col('ipv6_address', 'TEXT', 'IPv6 address'),
    col('ipv6_prefix_len', 'INTEGER', 'IPv6 subnet prefix length'),
    col('mac_address', 'TEXT', 'MAC address', { collate: 'NOCASE' }),
  ],
  examples: [
    'select * from docker_container_networks',
    "select * from docker_container_networks where id = '1234567890abcdef'",
    "select * from docker_container_networks where id = '11b2399e1426d906e62a0c357650e363426d6c56dbe2f35cbaa9b452250e3355'",
  ],
  generate: genDockerContainerNetworks,
});
