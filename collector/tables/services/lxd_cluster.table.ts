import { col, defineTable } from '../../engine/spec.js';
import { genLxdCluster } from './lxd_cluster.js';

export default defineTable({
  name: 'lxd_cluster',
  description: 'LXD cluster information.',
  platforms: ['linux'],
  columns: [
    col('server_name', 'TEXT', 'Name of the LXD server node'),
    col('enabled', 'INTEGER', 'Whether clustering enabled (1) or not (0) on this node'),
    col('member_config_entity', 'TEXT', 'Type of configuration parameter for this node'),
    col('member_config_name', 'TEXT', 'Name of configuration parameter'),
    col('member_config_key', 'TEXT', 'Config key'),
    col('member_config_value', 'TEXT', 'Config value'),
    col('member_config_description', 'TEXT', 'Config description'),
  ],
  examples: ['select * from lxd_cluster'],
  generate: genLxdCluster,
});
