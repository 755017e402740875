import { col, defineTable } from '../../engine/spec.js';
import { genDockerNetworks } from './docker_networks.js';

export default defineTable({
  name: 'docker_networks',
  description: 'Docker networks information.',
  platforms: ['linux', 'darwin'],
  columns: [
    col('id', 'TEXT', 'Network ID', { index: true, collate: 'NOCASE' }),
    col('name', 'TEXT', 'Network name'),
    col('driver', 'TEXT', 'Network driver'),
    col('created', 'BIGINT', 'Time of creation as UNIX time'),
    col('enable_ipv6', 'INTEGER', '1 if IPv6 is enabled on this network. 0 otherwise'),
    col('subnet', 'TEXT', 'Network subnet'),
    col('gateway', 'TEXT', 'Network gateway'),
  ],
  examples: [
    'select * from docker_networks',
    "select * from docker_networks where id = 'cfd2ffd49439'",
    "select * from docker_networks where id = 'cfd2ffd494395b75d77539761df40cde06a2b6b497e0c9c1adc6c5a79539bfad'",
  ],
  generate: genDockerNetworks,
});
