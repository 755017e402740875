import { col, defineTable } from '../../engine/spec.js';
import { genLxdClusterMembers } from './lxd_cluster_members.js';

export default defineTable({
  name: 'lxd_cluster_members',
  description: 'LXD cluster members information.',
  platforms: ['linux'],
  columns: [
    col('server_name', 'TEXT', 'Name of the LXD server node'),
    col('url', 'TEXT', 'URL of the node'),
    col('database', 'INTEGER', 'Whether the server is a database node (1) or not (0)'),
    col('status', 'TEXT', 'Status of the node (Online/Offline)'),
    col('message', 'TEXT', 'Message from the node (Online/Offline)'),
  ],
  examples: ['select * from lxd_cluster_members'],
  generate: genLxdClusterMembers,
});
